import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markdownReport, type BenchReport } from '../bench-report.ts';
import { inferenceCpuFeatures, machineInfo } from '../machine-info.ts';

const cpuinfo = (flags: string) => `processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: ${flags}\n\n`;

describe('inferenceCpuFeatures', () => {
  it('names the vector instruction sets ONNX Runtime picks its kernels by, in a fixed order', () => {
    assert.deepEqual(inferenceCpuFeatures(cpuinfo('fpu sse4_2 avx512_vnni avx2 avx512f avx_vnni avx512bw')), [
      'AVX2',
      'AVX-512',
      'AVX-512 VNNI',
      'AVX-VNNI',
    ]);
  });

  it('matches whole flags only (avx512_vnni is not avx_vnni)', () => {
    assert.deepEqual(inferenceCpuFeatures(cpuinfo('avx2 avx512_vnni')), ['AVX2', 'AVX-512 VNNI']);
  });

  it('is empty for a CPU without them and for a system without /proc/cpuinfo', () => {
    assert.deepEqual(inferenceCpuFeatures(cpuinfo('fpu sse sse2 ssse3')), []);
    assert.deepEqual(inferenceCpuFeatures(''), []);
  });
});

describe('the report header', () => {
  const report = (machine: object) =>
    ({
      quick: false,
      machine: { ...machineInfo(), cpuModel: 'AMD EPYC', ...machine },
      corpus: { name: 'x.jsonl', texts: 1, tokensPerText: {} },
      settings: {},
      dtypes: {},
      targets: [],
      ratios: {},
      durationSeconds: 1,
    }) as unknown as BenchReport;
  const header = (machine: object) => markdownReport(report(machine)).split('\n')[2] ?? '';

  it('names the CPU model with its vector instruction sets', () => {
    assert.match(header({ cpuFeatures: ['AVX2', 'AVX-512 VNNI'] }), /cores \(AMD EPYC; AVX2, AVX-512 VNNI\)/);
    assert.match(header({ cpuFeatures: [] }), /cores \(AMD EPYC; no AVX2\)/);
  });

  it('renders a report recorded before the features were, without inventing any', () => {
    assert.match(header({ cpuFeatures: undefined }), /cores \(AMD EPYC\),/);
  });
});
