import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CeilingResult } from '../ceiling-contender.ts';
import { agreementOf, gpuCheckMarkdown, gpuCheckReport } from '../gpu-check-report.ts';

const latency = (p50: number, p99: number) => ({ p50, p95: p99, p99, max: p99, mean: p50 });

function ceiling(
  executionProvider: 'cpu' | 'webgpu',
  scores: Array<Record<string, number>>,
  textsPerSecond: number[],
): CeilingResult {
  const runs = textsPerSecond.map((tps, i) => ({
    sessions: 1,
    batchSize: 2 ** (i + 1),
    seconds: 1,
    textsPerSecond: tps,
    tokensPerSecond: tps * 10,
    paddingRatio: 1.1,
    cpuSecondsPer1kTexts: 1,
    batchLatencyMs: latency(10 * (i + 1), 20 * (i + 1)),
  }));
  return {
    dtype: 'fp32',
    executionProvider,
    texts: scores.length,
    realTokens: 30,
    loadSeconds: 0.5,
    runs,
    best: runs[0]!,
    singleTextLatencyMs: latency(3, 9),
    singleTextLatencyWorkerSessionMs: latency(3, 9),
    predictions: [],
    scores,
    tokenCounts: scores.map(() => 10),
    peakRssMb: 100,
  };
}

const cpuScores = [
  { positive: 0.7, neutral: 0.2, negative: 0.1 },
  { positive: 0.3, neutral: 0.3, negative: 0.4 },
];

describe('agreementOf', () => {
  it("counts the texts whose top label is the reference's and the largest score difference of any label", () => {
    const gpu = [
      { positive: 0.69, neutral: 0.21, negative: 0.1 },
      { positive: 0.45, neutral: 0.3, negative: 0.25 },
    ];
    assert.deepEqual(agreementOf(gpu, cpuScores), { topLabel: 0.5, maxScoreDifference: 0.15 });
    assert.deepEqual(agreementOf(cpuScores, cpuScores), { topLabel: 1, maxScoreDifference: 0 });
  });

  it('refuses answers of another corpus', () => {
    assert.throws(() => agreementOf(cpuScores.slice(1), cpuScores), /1 scored texts against 2/);
  });
});

describe('gpuCheckReport', () => {
  const report = gpuCheckReport({
    mode: 'full',
    preset: 'distilbert-multilingual',
    corpus: 'sentiment-multilingual-test.jsonl',
    machine: { gpu: 'NVIDIA H100, 550.54, 81559 MiB', vulkanDrivers: ['nvidia_icd.json'] },
    runs: [
      { name: 'cpu-fp32', provider: 'cpu', dtype: 'fp32', result: ceiling('cpu', cpuScores, [40, 50]) },
      {
        name: 'webgpu-fp32',
        provider: 'webgpu',
        dtype: 'fp32',
        result: ceiling('webgpu', cpuScores, [90, 400]),
      },
      { name: 'webgpu-fp16', provider: 'webgpu', dtype: 'fp16', result: ceiling('cpu', cpuScores, [40, 45]) },
      { name: 'cpu-int8', provider: 'cpu', dtype: 'int8', error: 'Program Slice requires f16' },
    ],
    referenceRun: 'cpu-fp32',
    anchor: { measured: false, reason: 'PyTorch is not installed here' },
    date: '2026-12-06T12:00:00.000Z',
  });

  it('gives each run its throughput and batch latency by batch size, its best, and its agreement with CPU', () => {
    const gpu = report.rows[1]!;
    assert.equal(gpu.ranOn, 'webgpu');
    assert.deepEqual(gpu.byBatchSize, [
      { batchSize: 2, textsPerSecond: 90, p50Ms: 10, p99Ms: 20, paddingRatio: 1.1 },
      { batchSize: 4, textsPerSecond: 400, p50Ms: 20, p99Ms: 40, paddingRatio: 1.1 },
    ]);
    assert.deepEqual(gpu.best, { batchSize: 4, textsPerSecond: 400 });
    assert.deepEqual(gpu.singleTextMs, { p50: 3, p99: 9 });
    assert.deepEqual(gpu.agreement, { topLabel: 1, maxScoreDifference: 0 });
    assert.equal(report.texts, 2);
  });

  it('says which run fell back to CPU and which failed, and why', () => {
    assert.deepEqual(report.notes, [
      'webgpu-fp16: asked for webgpu, ran on cpu (no adapter: see the log above it)',
      'cpu-int8: not measured (Program Slice requires f16)',
    ]);
    assert.deepEqual(report.rows[3], {
      name: 'cpu-int8',
      provider: 'cpu',
      dtype: 'int8',
      error: 'Program Slice requires f16',
      byBatchSize: [],
    });
  });

  it('writes the Markdown tables and the anchor that was not measured', () => {
    const markdown = gpuCheckMarkdown(report);
    assert.match(markdown, /\| webgpu-fp32 \| webgpu \| 4 \| 400 \| 20 \| 40 \| 1.1 \|/);
    assert.match(markdown, /\| webgpu-fp32 \| 400 \(4\) \| 3 \/ 9 \| 100.0% \| 0.0e\+0 \|/);
    assert.match(markdown, /\| cpu-int8 \| - \| - \| - \| - \| - \| - \|/);
    assert.match(markdown, /Not measured: PyTorch is not installed here\./);
    assert.match(markdown, /- gpu: NVIDIA H100, 550.54, 81559 MiB/);
  });
});
