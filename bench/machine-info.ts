import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

/** The vector instruction sets ONNX Runtime's kernels choose between, as /proc/cpuinfo names them. */
const INFERENCE_CPU_FLAGS: Readonly<Record<string, string>> = {
  avx2: 'AVX2',
  avx512f: 'AVX-512',
  avx512_vnni: 'AVX-512 VNNI',
  avx_vnni: 'AVX-VNNI',
  amx_int8: 'AMX-INT8',
};

/**
 * Which of INFERENCE_CPU_FLAGS this CPU has: int8 speed depends on them far more than on the model name (int8 was
 * 1.8x fp32 on an EPYC without VNNI and 2.9-3.5x on ones with it, bench/NOTES.md). Empty where /proc is not Linux's.
 */
export function inferenceCpuFeatures(cpuinfo = readCpuinfo()): string[] {
  const flags = new Set(/^flags\s*:(.*)$/m.exec(cpuinfo)?.[1]?.trim().split(/\s+/) ?? []);
  return Object.entries(INFERENCE_CPU_FLAGS)
    .filter(([flag]) => flags.has(flag))
    .map(([, name]) => name);
}

function readCpuinfo(): string {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return '';
  }
}

/** What the numbers were measured on: they mean little without it. */
export function machineInfo() {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cpuFeatures: inferenceCpuFeatures(),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverageAtStart: loadavg().map((load) => +load.toFixed(2)),
    commit,
    date: new Date().toISOString(),
  };
}

export type MachineInfo = ReturnType<typeof machineInfo>;
