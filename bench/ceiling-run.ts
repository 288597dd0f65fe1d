// The ceiling, run as its own process so that its CPU time and memory are its own: ONNX Runtime in-process, texts
// tokenized and sorted by length into batches (no padding wasted), every batch size asked for, one after the other.
// Input: one JSON argument { modelDir, dtype, textsFile, batchSizes, latencyTexts, workerSession, layouts,
// executionProviders?, withScores? }. Output: one JSON line.
import { readFileSync } from 'node:fs';
import {
  TextClassifier,
  TextTooLongError,
  type ExecutionProviderName,
  type LabelScore,
  type ModelDtype,
} from '@sieve/runtime';
import { summarizeLatencies } from './latency-summary.ts';
import { cpuSeconds, memoryMb } from './process-usage.ts';

const input = JSON.parse(process.argv[2]!) as {
  modelDir: string;
  dtype: ModelDtype;
  textsFile: string;
  /** ONNX Runtime's providers in order of preference (default: the runtime's, CPU); the one used is reported. */
  executionProviders?: ExecutionProviderName[];
  batchSizes: number[];
  latencyTexts: number;
  /** The session settings sieve's workers use (their own thread, ORT threads, spinning), for the latency base. */
  workerSession: { sessions: number; intraOpThreads: number; allowSpinning: boolean };
  /** Layouts to measure: 1 = one session with ONNX Runtime's default threads; N > 1 = N sessions of one thread each
   * computing batches at once (SessionPool, what SIEVE_SESSIONS=N gives a worker). */
  layouts: number[];
  /** Also each text's score per label and token count (the GPU check compares providers with them). */
  withScores?: boolean;
};
const texts = JSON.parse(readFileSync(input.textsFile, 'utf8')) as string[];
const loadStarted = performance.now();
const providers = input.executionProviders ? { executionProviders: input.executionProviders } : {};
const classifier = await TextClassifier.load(input.modelDir, { dtype: input.dtype, ...providers });
const executionProvider = classifier.info.executionProvider;
const loadSeconds = (performance.now() - loadStarted) / 1000;
const lengths = (await classifier.tokenize(texts)).map((entry) => ('ids' in entry ? entry.ids.length : 0));
const realTokens = lengths.reduce((sum, n) => sum + n, 0);
// Warm-up over every text: the first batches of each shape grow ONNX Runtime's memory arena.
await classifier.classify(texts, { batchSize: Math.max(...input.batchSizes) });

const runs = [];
let predictions: string[] = [];
let scores: Array<Record<string, number>> = [];

/**
 * What classify({ batchSize }) does (tokenize, sort by length, one predict per batch, score), with each batch's
 * wall time kept: the latency a batch of that size costs on this provider.
 */
async function classifyTimed(batchSize: number): Promise<{ labels: LabelScore[][]; batchMs: number[] }> {
  const tokenized = await classifier.tokenize(texts);
  const rows = tokenized.map((entry) => {
    if (entry instanceof TextTooLongError) throw entry;
    return entry.ids;
  });
  const order = rows.map((_, i) => i).sort((a, b) => rows[a]!.length - rows[b]!.length);
  const labels = new Array<LabelScore[]>(rows.length);
  const batchMs: number[] = [];
  for (let start = 0; start < order.length; start += batchSize) {
    const slice = order.slice(start, start + batchSize);
    const started = performance.now();
    const logits = await classifier.predict(slice.map((i) => rows[i]!));
    batchMs.push(performance.now() - started);
    slice.forEach((i, k) => (labels[i] = classifier.score(logits[k]!)));
  }
  return { labels, batchMs };
}
function measured(sessions: number, batchSize: number, seconds: number, cpu: number) {
  const sorted = [...lengths].sort((a, b) => a - b);
  let padded = 0;
  for (let start = 0; start < sorted.length; start += batchSize) {
    const slice = sorted.slice(start, start + batchSize);
    padded += slice.at(-1)! * slice.length;
  }
  return {
    sessions,
    batchSize,
    seconds: +seconds.toFixed(2),
    textsPerSecond: +(texts.length / seconds).toFixed(2),
    tokensPerSecond: Math.round(realTokens / seconds),
    paddingRatio: +(padded / realTokens).toFixed(3),
    cpuSecondsPer1kTexts: +((cpu / texts.length) * 1000).toFixed(2),
  };
}
if (input.layouts.includes(1)) {
  for (const batchSize of input.batchSizes) {
    const cpuBefore = cpuSeconds(process.pid);
    const started = performance.now();
    const { labels, batchMs } = await classifyTimed(batchSize);
    const seconds = (performance.now() - started) / 1000;
    predictions = labels.map((scored) => scored[0]!.label);
    if (input.withScores)
      scores = labels.map((scored) => Object.fromEntries(scored.map(({ label, score }) => [label, score])));
    runs.push({
      ...measured(1, batchSize, seconds, cpuSeconds(process.pid) - cpuBefore),
      batchLatencyMs: summarizeLatencies(batchMs),
    });
  }
}
// N sessions of one thread each, every sorted batch handed over at once: the pool keeps each session busy.
for (const sessions of input.layouts.filter((layout) => layout > 1)) {
  const pooled = await TextClassifier.load(input.modelDir, {
    dtype: input.dtype,
    ...providers,
    thread: true,
    sessions,
    intraOpThreads: 1,
    allowSpinning: input.workerSession.allowSpinning,
  });
  // Tokenization is timed here too, as classify() times it for the one-session layout.
  const runAll = async (batchSize: number) => {
    const rows = (await pooled.tokenize(texts)).flatMap((entry) => ('ids' in entry ? [entry.ids] : []));
    rows.sort((a, b) => a.length - b.length);
    const batches: Int32Array[][] = [];
    for (let start = 0; start < rows.length; start += batchSize)
      batches.push(rows.slice(start, start + batchSize));
    return Promise.all(batches.map((batch) => pooled.predict(batch)));
  };
  await runAll(Math.max(...input.batchSizes)); // warm-up of the new sessions' arenas
  for (const batchSize of input.batchSizes) {
    const cpuBefore = cpuSeconds(process.pid);
    const started = performance.now();
    await runAll(batchSize);
    const seconds = (performance.now() - started) / 1000;
    runs.push(measured(sessions, batchSize, seconds, cpuSeconds(process.pid) - cpuBefore));
  }
  await pooled.close();
}

// One text at a time, tokenization included: what serving one caller costs with nothing in between. Measured with
// ONNX Runtime's defaults (spinning threads), and again with the session as sieve's workers configure it, so that
// the latency sieve adds is told apart from what its session settings trade for throughput.
async function singleTextLatencies(one: TextClassifier): Promise<number[]> {
  const latencies: number[] = [];
  for (const text of texts.slice(0, input.latencyTexts)) {
    const started = performance.now();
    await one.classify([text], { batchSize: 1 });
    latencies.push(performance.now() - started);
  }
  return latencies;
}
const latencies = await singleTextLatencies(classifier);
await classifier.close();
let workerSettingsLatencies: number[] = [];
if (input.latencyTexts > 0) {
  const asWorker = await TextClassifier.load(input.modelDir, {
    dtype: input.dtype,
    ...providers,
    thread: true,
    ...input.workerSession,
  });
  await singleTextLatencies(asWorker); // warm-up of the new session
  workerSettingsLatencies = await singleTextLatencies(asWorker);
  await asWorker.close();
}
console.log(
  JSON.stringify({
    dtype: input.dtype,
    executionProvider,
    texts: texts.length,
    realTokens,
    loadSeconds: +loadSeconds.toFixed(2),
    runs,
    singleTextLatencyMs: summarizeLatencies(latencies),
    singleTextLatencyWorkerSessionMs: summarizeLatencies(workerSettingsLatencies),
    predictions,
    ...(input.withScores ? { scores, tokenCounts: lengths } : {}),
    peakRssMb: memoryMb(process.pid).peakRssMb,
  }),
);
