// The GPU check's report (bench/gpu-check.sh): the ceiling's runs of one model on each provider and dtype, put side
// by side with how far each provider's answers are from the CPU's, and PyTorch's throughput on the same shapes as
// the anchor. Pure: the command (gpu-check-command.ts) reads the files and writes what this returns.
import type { CeilingResult } from './ceiling-contender.ts';
import type { LatencySummary } from './latency-summary.ts';

/** One ceiling run the check asked for: a provider and dtype, and what came of it. */
export interface GpuCheckRun {
  name: string;
  provider: string;
  dtype: string;
  /** The ceiling's JSON (run with --scores), or why there is none. */
  result?: CeilingResult;
  error?: string;
}

/** PyTorch fp16 on the same padded batch shapes (bench/gpu-anchor.py), or why it was not measured. */
export type GpuAnchor =
  | {
      measured: true;
      device: string;
      torch: string;
      dtype: string;
      runs: Array<{ batchSize: number; textsPerSecond: number; batchLatencyMs: LatencySummary }>;
    }
  | { measured: false; reason: string };

export interface GpuCheckInput {
  mode: 'full' | 'quick';
  preset: string;
  corpus: string;
  /** What the check ran on: GPU name and driver (nvidia-smi), the Vulkan drivers, the CPU. */
  machine: Record<string, string | number | string[]>;
  runs: GpuCheckRun[];
  /** The run whose answers the others are compared with (CPU fp32). */
  referenceRun: string;
  anchor: GpuAnchor;
  date: string;
}

export interface Agreement {
  /** Share of texts whose top label is the reference's. */
  topLabel: number;
  /** Largest difference of one label's score between this run and the reference, over all texts and labels. */
  maxScoreDifference: number;
}

export interface GpuCheckRow {
  name: string;
  provider: string;
  dtype: string;
  /** The provider that really ran (a GPU provider without an adapter falls back to cpu). */
  ranOn?: string;
  error?: string;
  loadSeconds?: number;
  byBatchSize: Array<{
    batchSize: number;
    textsPerSecond: number;
    p50Ms: number;
    p99Ms: number;
    paddingRatio: number;
  }>;
  best?: { batchSize: number; textsPerSecond: number };
  singleTextMs?: { p50: number; p99: number };
  agreement?: Agreement;
}

export interface GpuCheckReport {
  title: string;
  date: string;
  mode: 'full' | 'quick';
  model: string;
  corpus: string;
  texts: number;
  machine: GpuCheckInput['machine'];
  referenceRun: string;
  rows: GpuCheckRow[];
  anchor: GpuAnchor & { note: string };
  notes: string[];
}

/** How far `run`'s answers are from `reference`'s, text by text (both in the corpus's order). */
export function agreementOf(
  run: ReadonlyArray<Record<string, number>>,
  reference: ReadonlyArray<Record<string, number>>,
): Agreement {
  if (run.length !== reference.length)
    throw new Error(`${run.length} scored texts against ${reference.length} in the reference`);
  const top = (scores: Record<string, number>) =>
    Object.entries(scores).reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  let same = 0;
  let maxDifference = 0;
  run.forEach((scores, i) => {
    const expected = reference[i]!;
    if (top(scores) === top(expected)) same += 1;
    for (const [label, score] of Object.entries(expected))
      maxDifference = Math.max(maxDifference, Math.abs((scores[label] ?? 0) - score));
  });
  return {
    topLabel: run.length === 0 ? 1 : +(same / run.length).toFixed(4),
    maxScoreDifference: +maxDifference.toExponential(2),
  };
}

export function gpuCheckReport(input: GpuCheckInput): GpuCheckReport {
  const reference = input.runs.find((run) => run.name === input.referenceRun)?.result;
  const rows = input.runs.map((run): GpuCheckRow => {
    const base = { name: run.name, provider: run.provider, dtype: run.dtype };
    if (!run.result) return { ...base, error: run.error ?? 'no result', byBatchSize: [] };
    const result = run.result;
    const oneSession = result.runs.filter((r) => r.sessions === 1);
    const best = oneSession.reduce((a, b) => (b.textsPerSecond > a.textsPerSecond ? b : a), oneSession[0]!);
    return {
      ...base,
      ranOn: result.executionProvider,
      loadSeconds: result.loadSeconds,
      byBatchSize: oneSession.map((r) => ({
        batchSize: r.batchSize,
        textsPerSecond: r.textsPerSecond,
        p50Ms: r.batchLatencyMs?.p50 ?? 0,
        p99Ms: r.batchLatencyMs?.p99 ?? 0,
        paddingRatio: r.paddingRatio,
      })),
      ...(best ? { best: { batchSize: best.batchSize, textsPerSecond: best.textsPerSecond } } : {}),
      singleTextMs: { p50: result.singleTextLatencyMs.p50, p99: result.singleTextLatencyMs.p99 },
      ...(reference?.scores && result.scores
        ? { agreement: agreementOf(result.scores, reference.scores) }
        : {}),
    };
  });
  const notes: string[] = [];
  for (const row of rows) {
    if (row.ranOn && row.ranOn !== row.provider)
      notes.push(
        `${row.name}: asked for ${row.provider}, ran on ${row.ranOn} (no adapter: see the log above it)`,
      );
    if (row.error) notes.push(`${row.name}: not measured (${row.error})`);
  }
  if (input.mode === 'quick')
    notes.push(
      'quick mode: a small synthetic model and few texts; a smoke run of the check, not a measurement',
    );
  return {
    title: `GPU check: ${input.preset}`,
    date: input.date,
    mode: input.mode,
    model: input.preset,
    corpus: input.corpus,
    texts: reference?.texts ?? input.runs.find((run) => run.result)?.result?.texts ?? 0,
    machine: input.machine,
    referenceRun: input.referenceRun,
    rows,
    anchor: {
      ...input.anchor,
      note:
        'PyTorch fp16 on a DistilBERT of the same shape with random weights (not the ONNX weights: PyTorch cannot ' +
        'load ONNX), on the same padded batches, tokenization not included: the throughput a user would compare with, ' +
        'not an answer check',
    },
    notes,
  };
}

const cell = (value: number | string | undefined) => (value === undefined ? '-' : String(value));

export function gpuCheckMarkdown(report: GpuCheckReport): string {
  const lines = [
    `# ${report.title}`,
    '',
    `${report.date}, ${report.mode} mode, ${report.texts} texts of \`${report.corpus}\` sorted by length into ` +
      'batches of each size (the benchmark ceiling: ONNX Runtime in process, one session).',
    '',
    '## Machine',
    '',
    ...Object.entries(report.machine).map(
      ([key, value]) => `- ${key}: ${Array.isArray(value) ? value.join(', ') || 'none' : value}`,
    ),
    '',
    '## Throughput and batch latency',
    '',
    '| run | ran on | batch | texts/s | batch p50 ms | batch p99 ms | padded/real |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of report.rows) {
    if (row.byBatchSize.length === 0) {
      lines.push(`| ${row.name} | - | - | - | - | - | - |`);
      continue;
    }
    for (const b of row.byBatchSize)
      lines.push(
        `| ${row.name} | ${cell(row.ranOn)} | ${b.batchSize} | ${b.textsPerSecond} | ${b.p50Ms} | ${b.p99Ms} | ` +
          `${b.paddingRatio} |`,
      );
  }
  lines.push(
    '',
    `## Agreement with ${report.referenceRun}`,
    '',
    '| run | best texts/s (batch) | one text p50 / p99 ms | top label agrees | max score difference |',
    '| --- | ---: | ---: | ---: | ---: |',
  );
  for (const row of report.rows)
    lines.push(
      `| ${row.name} | ${row.best ? `${row.best.textsPerSecond} (${row.best.batchSize})` : '-'} | ` +
        `${row.singleTextMs ? `${row.singleTextMs.p50} / ${row.singleTextMs.p99}` : '-'} | ` +
        `${row.agreement ? `${(row.agreement.topLabel * 100).toFixed(1)}%` : '-'} | ` +
        `${row.agreement ? row.agreement.maxScoreDifference.toExponential(1) : '-'} |`,
    );
  lines.push('', '## PyTorch anchor', '', report.anchor.note + '.', '');
  if (report.anchor.measured) {
    lines.push(
      `${report.anchor.torch} on ${report.anchor.device}, ${report.anchor.dtype}:`,
      '',
      '| batch | texts/s | batch p50 ms | batch p99 ms |',
      '| ---: | ---: | ---: | ---: |',
      ...report.anchor.runs.map(
        (r) => `| ${r.batchSize} | ${r.textsPerSecond} | ${r.batchLatencyMs.p50} | ${r.batchLatencyMs.p99} |`,
      ),
    );
  } else lines.push(`Not measured: ${report.anchor.reason}.`);
  if (report.notes.length > 0) lines.push('', '## Notes', '', ...report.notes.map((note) => `- ${note}`));
  return `${lines.join('\n')}\n`;
}
