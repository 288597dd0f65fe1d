import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutionProviderName, ModelDtype } from '@sieve/runtime';
import type { LatencySummary } from './latency-summary.ts';

export interface CeilingRun {
  /** 1: one session with ONNX Runtime's default threads; N > 1: N sessions of one thread each, batches at once. */
  sessions: number;
  batchSize: number;
  seconds: number;
  textsPerSecond: number;
  tokensPerSecond: number;
  paddingRatio: number;
  cpuSecondsPer1kTexts: number;
  /** Each batch's wall time (one-session layout only): what a batch of this size costs, p50/p99 over the run. */
  batchLatencyMs?: LatencySummary;
}

export interface CeilingResult {
  dtype: ModelDtype;
  /** The provider the sessions ran on (a GPU provider that could not start falls back to CPU). */
  executionProvider: ExecutionProviderName;
  texts: number;
  realTokens: number;
  loadSeconds: number;
  runs: CeilingRun[];
  best: CeilingRun;
  singleTextLatencyMs: LatencySummary;
  /** The same, with the session configured as sieve's workers configure it. */
  singleTextLatencyWorkerSessionMs: LatencySummary;
  predictions: string[];
  /** With `withScores`: each text's score per label, and its token count, in the corpus's order. */
  scores?: Array<Record<string, number>>;
  tokenCounts?: number[];
  peakRssMb: number;
}

/**
 * Contender 1: ONNX Runtime in-process (ceiling-run.ts in a process of its own), best of the batch sizes and session
 * layouts.
 */
export async function runCeiling(options: {
  modelDir: string;
  dtype: ModelDtype;
  executionProviders?: ExecutionProviderName[];
  texts: readonly string[];
  batchSizes: number[];
  latencyTexts: number;
  workerSession: { sessions: number; intraOpThreads: number; allowSpinning: boolean };
  layouts: number[];
  workDir: string;
  withScores?: boolean;
}): Promise<CeilingResult> {
  const textsFile = join(options.workDir, `ceiling-texts.json`);
  writeFileSync(textsFile, JSON.stringify(options.texts));
  const input = JSON.stringify({
    modelDir: options.modelDir,
    dtype: options.dtype,
    executionProviders: options.executionProviders,
    textsFile,
    batchSizes: options.batchSizes,
    latencyTexts: options.latencyTexts,
    workerSession: options.workerSession,
    layouts: options.layouts,
    withScores: options.withScores === true,
  });
  // Compiled (bench/dist/, as in the portable archive) the run is JavaScript beside this module, resolving our
  // packages through the `compiled` condition; from the sources it is TypeScript through tsx.
  const compiled = import.meta.url.endsWith('.js');
  const script = fileURLToPath(new URL(compiled ? './ceiling-run.js' : './ceiling-run.ts', import.meta.url));
  const loader = compiled ? ['--conditions=compiled'] : ['--import', 'tsx'];
  const child = spawn(process.execPath, [...loader, script, input], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = stdout.trim().split('\n').at(-1);
  if (code !== 0 || !line) throw new Error(`ceiling run (${options.dtype}) exited with ${code}`);
  const result = JSON.parse(line) as Omit<CeilingResult, 'best'>;
  const best = result.runs.reduce((a, b) => (b.textsPerSecond > a.textsPerSecond ? b : a));
  return { ...result, best };
}
