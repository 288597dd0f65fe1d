import type { WorkerConfig } from './worker-config.ts';

/** How a worker forms batches: what `SIEVE_MAX_BATCH_TEXTS`, `_TOKENS`, `SIEVE_MAX_WAIT_MS` and `_PADDING_RATIO` set. */
export interface BatchingSettings {
  maxBatchTexts: number;
  maxBatchTokens: number;
  maxWaitMs: number;
  maxPaddingRatio: number;
}

/**
 * CPU: compute follows padded tokens, and a session of one thread (auto's layout) is fastest on small batches: on 2
 * cores the full-size model in-process did most with batches of 2-4 texts (~90-180 tokens; int8 321 texts/s at 2
 * against 229 at 8, fp32 79.6 at 4 against 71.5 at 8), and the cluster with 192 padded tokens served int8 322 texts/s
 * at 8 per call against 288 with 1024, fp32 82.8 against 78.6, its worker's arenas smaller (int8 peak 363 against
 * 496 MB; bench/NOTES.md, session of 2026-12-06 17:10). So small batches of nearly equal lengths, formed from
 * whatever arrived while the last one ran; a text longer than the budget is a batch of its own.
 */
export const CPU_BATCHING: Readonly<BatchingSettings> = {
  maxBatchTexts: 32,
  maxBatchTokens: 192,
  maxWaitMs: 0,
  maxPaddingRatio: 1.1,
};

/**
 * GPU (CUDA, WebGPU): each call costs a fixed overhead (upload, kernel launches, read-back) that a wider batch
 * shares, and padded rows run in parallel, so bigger batches and more padding. Conservative until the GPU check
 * (bench/gpu-check.sh) has measured a real GPU. On SwiftShader, the only Vulkan driver here (a CPU, so only
 * relative effects mean anything), the tiny model on texts of one length computed batches of 1, 8, 32 and 64 texts
 * in 33, 175, 863 and 1687 ms: about 12 ms of fixed cost per call, which a batch shares, and beyond 8 texts
 * SwiftShader's arithmetic (a CPU's) dominates where a GPU computes rows in parallel. How far a GPU's throughput
 * keeps growing with batch size is unmeasured, so 64 texts / 16384 padded tokens (64 texts of 256
 * tokens, about 0.2 GB of attention scores per layer in fp32 for the full-size model, small for any GPU), padded/real up to 2
 * (CPU's 1.1 would split batches a GPU computes in the same time), and no added wait (no latency spent gathering
 * before the measurements say it pays; texts that arrive while a batch runs still form the next one). The pipeline
 * depth stays one batch queued behind the one computing, as on CPU: a deeper queue would cut batches earlier,
 * smaller.
 */
export const GPU_BATCHING: Readonly<BatchingSettings> = {
  maxBatchTexts: 64,
  maxBatchTokens: 16384,
  maxWaitMs: 0,
  maxPaddingRatio: 2,
};

/**
 * The batching a worker uses for a model on `provider` (the one that really runs: a GPU provider that fell back to
 * CPU batches as CPU does): each setting its environment gives, the provider's default for the others.
 */
export function batchingOf(
  config: Pick<
    WorkerConfig,
    'SIEVE_MAX_BATCH_TEXTS' | 'SIEVE_MAX_BATCH_TOKENS' | 'SIEVE_MAX_WAIT_MS' | 'SIEVE_MAX_PADDING_RATIO'
  >,
  provider: string,
): BatchingSettings {
  const defaults = provider === 'cpu' ? CPU_BATCHING : GPU_BATCHING;
  return {
    maxBatchTexts: config.SIEVE_MAX_BATCH_TEXTS ?? defaults.maxBatchTexts,
    maxBatchTokens: config.SIEVE_MAX_BATCH_TOKENS ?? defaults.maxBatchTokens,
    maxWaitMs: config.SIEVE_MAX_WAIT_MS ?? defaults.maxWaitMs,
    maxPaddingRatio: config.SIEVE_MAX_PADDING_RATIO ?? defaults.maxPaddingRatio,
  };
}
