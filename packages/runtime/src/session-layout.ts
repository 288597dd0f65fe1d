import type { ExecutionProviderName } from './execution-providers.ts';
import type { ModelDtype } from './model-directory.ts';

/** How many sessions of one model run batches at once, how many intra-op threads each splits an operator into, and
 * why (said in the worker's "model loaded" line). */
export interface SessionLayout {
  sessions: number;
  intraOpThreads: number;
  reason: string;
}

export interface SessionLayoutWanted {
  /** A count, or "auto": see sessionLayoutOf. */
  sessions: number | 'auto';
  /** Threads per session, when set; otherwise the cores shared out between the sessions. */
  intraOpThreads?: number;
  /** The cores inference may use (a container's CPU limit), when known; otherwise all `cores`. */
  cpus?: number;
  /** The first execution provider wanted. */
  provider: ExecutionProviderName;
  /** Bytes of the graph files the dtype loads (graph and external data). Unknown: "auto" goes by dtype alone. */
  modelBytes?: number;
  /** Of those, the word embedding table that CPU sessions read outside their graph (wordEmbeddingTableBytes). */
  wordEmbeddingBytes?: number;
}

/** "auto" never makes more sessions than this: each holds its own weights in ONNX Runtime's layout and its arena. */
export const AUTO_SESSIONS_MAX = 4;

const MB = 2 ** 20;

/** The project's memory target for a worker serving one model (issue 30): 1.3 x the model's files + 200 MB. */
export function memoryBoundMb(modelBytes: number): number {
  return Math.round((1.3 * modelBytes) / MB + 200);
}

/**
 * A worker's peak RSS with `sessions` CPU sessions of a model, estimated from the benchmark's workers (bench/NOTES.md,
 * sessions of 2026-12-06 14:00 and 17:10). Each onnxruntime-node session holds its own copy of what it touches (its
 * prepacked weights, its arena, its own mapping of the model file: RSS counts a page once per mapping), and nothing
 * in the binding lets sessions share them. The word embedding table, 71 % of DistilBERT multilingual's weights, is
 * read outside the sessions (cutWordEmbeddings), so a session costs a share of the rest: ~160 MB without a session
 * (Node, tokenizer, ONNX Runtime's library, clients) and per session 1.4 x the rest of an fp32 graph (516 MB, table
 * 350: one session 362 MB, two 543), 2.2 x the rest of an int8 one (130 MB, table 88: 251 and 312; its arena is as
 * large as fp32's). With the table in every session (size unknown, or an fp16 graph): 0.8 x (fp32) or 1.6 x (others)
 * the whole graph per session (int8 one session 358 MB, two 564; fp32 563-588 and 948-992).
 */
export function estimatedPeakMb(
  dtype: ModelDtype,
  modelBytes: number,
  sessions: number,
  wordEmbeddingBytes = 0,
): number {
  if (wordEmbeddingBytes > 0 && wordEmbeddingBytes < modelBytes) {
    const perSession = dtype === 'fp32' ? 1.4 : 2.2;
    return Math.round(160 + sessions * perSession * ((modelBytes - wordEmbeddingBytes) / MB));
  }
  // fp32's cost per session is mostly its prepacked matrices and its arena, both smaller than its weights (the
  // embedding table is mapped, not copied); a quantised or half-precision model's arena is as large as fp32's.
  const perSession = dtype === 'fp32' ? 0.8 : 1.6;
  return Math.round(160 + sessions * perSession * (modelBytes / MB));
}

/**
 * The layout for a model of `dtype` on `cores` (what the process sees).
 *
 * "auto" on CPU: as many one-thread sessions as cores (at most AUTO_SESSIONS_MAX), as long as their estimated peak
 * stays within the memory bound; otherwise fewer, with the cores shared out as intra-op threads. One-thread sessions
 * never wait for each other, while one session splitting each operator between threads waits at its end for the
 * slower one (on cores shared with an event loop, a gateway and Redis, often preempted): on 2 cores a cluster with
 * two one-thread fp32 sessions served 72.7 / 81.3 texts/s (one / 8 texts per call) where one two-thread session
 * served 54.6 / 61.0 (bench/NOTES.md, 2026-11-27 11:30). In onnxruntime-node 1.30 every session holds its own
 * prepacked weights, arena and file mapping (`run` computes on the calling JS thread, and the binding exposes no
 * shared initializers or prepacked-weights container: bench/NOTES.md, session of 2026-12-06 14:00), but with the word
 * embedding table read outside the sessions a second one costs a share of the rest only: for the full-size models
 * two fit the bound on 2 cores (estimated int8 349 MB against 369, fp32 625 against 871), where with the table in
 * each they did not (int8 564, fp32 ~970). Without the model's size, int8 gets one session per core and other dtypes
 * one (what the benchmark measured before the bound was part of the rule).
 *
 * A GPU runs one batch at a time anyway: one session.
 */
export function sessionLayoutOf(
  wanted: SessionLayoutWanted,
  dtype: ModelDtype,
  cores: number,
): SessionLayout {
  const cpus = wanted.cpus ?? cores;
  const { sessions, reason } = sessionsOf(wanted, dtype, cpus);
  // Always a number, never ONNX Runtime's own default, so that the count is the one logged and follows the cores
  // given (a container's limit): ORT's default counts the machine's physical cores and pins each thread to one.
  // Pinned or not measured the same in the cluster on 2 cores (bench/NOTES.md, session of 2026-11-27 08:30).
  return {
    sessions,
    intraOpThreads: wanted.intraOpThreads ?? Math.max(1, Math.floor(cpus / sessions)),
    reason,
  };
}

function sessionsOf(
  wanted: SessionLayoutWanted,
  dtype: ModelDtype,
  cpus: number,
): { sessions: number; reason: string } {
  if (wanted.sessions !== 'auto') return { sessions: wanted.sessions, reason: 'sessions as configured' };
  if (wanted.provider !== 'cpu')
    return { sessions: 1, reason: `one session: ${wanted.provider} runs one batch at a time` };
  const most = Math.max(1, Math.min(cpus, AUTO_SESSIONS_MAX));
  if (wanted.modelBytes === undefined) {
    return dtype === 'int8' || dtype === 'int8-dynamic'
      ? { sessions: most, reason: 'model size unknown: int8 gets one session per core' }
      : { sessions: 1, reason: 'model size unknown: one session' };
  }
  const bound = memoryBoundMb(wanted.modelBytes);
  let sessions = most;
  const estimatedMb = (count: number) =>
    estimatedPeakMb(dtype, wanted.modelBytes!, count, wanted.wordEmbeddingBytes ?? 0);
  while (sessions > 1 && estimatedMb(sessions) > bound) sessions -= 1;
  const estimate = (count: number) => `${estimatedMb(count)} MB`;
  if (sessions === most)
    return {
      sessions,
      reason:
        sessions === 1
          ? 'one session: one core'
          : `one single-thread session per core: ${sessions} fit the memory bound (estimated peak ${estimate(sessions)}, bound ${bound} MB)`,
    };
  return {
    sessions,
    reason:
      `${sessions + 1} sessions would pass the memory bound (estimated peak ${estimate(sessions + 1)}, bound ${bound} MB): ` +
      'each onnxruntime-node session holds its own copy of the weights; SIEVE_SESSIONS=cores trades memory for throughput',
  };
}
