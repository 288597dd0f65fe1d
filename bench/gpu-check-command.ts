// The GPU check's last step (bench/gpu-check.sh runs it on the portable archive's Node): reads the ceiling's JSON of
// each run (or its log, where it failed) and the PyTorch anchor's, writes gpu-check.json and gpu-check.md.
//   gpu-check-command --runs-dir DIR --run NAME:PROVIDER:DTYPE... --reference NAME --mode quick|full --preset P
//                     --corpus FILE [--anchor FILE] [--gpu TEXT] --out-dir DIR
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { vulkanDrivers } from '@sieve/runtime';
import type { CeilingResult } from './ceiling-contender.ts';
import { gpuCheckMarkdown, gpuCheckReport, type GpuAnchor, type GpuCheckRun } from './gpu-check-report.ts';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    'runs-dir': { type: 'string' },
    run: { type: 'string', multiple: true, default: [] },
    reference: { type: 'string' },
    mode: { type: 'string', default: 'full' },
    preset: { type: 'string' },
    corpus: { type: 'string' },
    anchor: { type: 'string' },
    gpu: { type: 'string', default: '' },
    'out-dir': { type: 'string' },
  },
});
const runsDir = values['runs-dir'];
const outDir = values['out-dir'];
if (!runsDir || !outDir || !values.reference || !values.preset || !values.corpus)
  throw new Error('--runs-dir, --out-dir, --reference, --preset and --corpus are required');

/** Why a run left no JSON: the last line of its log that says what failed. */
function failureOf(logFile: string): string {
  if (!existsSync(logFile)) return 'no output';
  const lines = readFileSync(logFile, 'utf8')
    .split('\n')
    // ONNX Runtime colours its log lines (ESC [ ... m).
    .map((line) => line.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '').trim())
    .filter(Boolean);
  const status = lines.find((line) => line.includes('Status Message:'));
  const cause = status
    ? status.slice(status.indexOf('Status Message:') + 'Status Message:'.length).trim()
    : (lines.find((line) => /Error:/.test(line)) ?? lines.at(-1) ?? 'no output');
  return cause.length > 300 ? `${cause.slice(0, 300)}...` : cause;
}

const runs = values.run.map((spec): GpuCheckRun => {
  const [name, provider, dtype] = spec.split(':');
  if (!name || !provider || !dtype) throw new Error(`--run ${spec}: NAME:PROVIDER:DTYPE`);
  const file = join(runsDir, `${name}.json`);
  return existsSync(file)
    ? { name, provider, dtype, result: JSON.parse(readFileSync(file, 'utf8')) as CeilingResult }
    : { name, provider, dtype, error: failureOf(join(runsDir, `${name}.log`)) };
});
const anchor: GpuAnchor =
  values.anchor && existsSync(values.anchor)
    ? (JSON.parse(readFileSync(values.anchor, 'utf8')) as GpuAnchor)
    : { measured: false, reason: 'no anchor output' };
const report = gpuCheckReport({
  mode: values.mode === 'quick' ? 'quick' : 'full',
  preset: values.preset,
  corpus: values.corpus,
  machine: {
    gpu: values.gpu || 'none found (nvidia-smi)',
    vulkanDrivers: vulkanDrivers(),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  runs,
  referenceRun: values.reference,
  anchor,
  date: new Date().toISOString(),
});
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'gpu-check.json'), `${JSON.stringify(report, null, 2)}\n`);
const markdown = gpuCheckMarkdown(report);
writeFileSync(join(outDir, 'gpu-check.md'), markdown);
console.log(markdown);
