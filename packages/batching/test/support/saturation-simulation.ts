import {
  BatchAssembler,
  PaddingTally,
  type BatchAssemblerConfig,
  type PaddingStats,
} from '../../src/index.ts';
import type { PendingText } from '../../src/index.ts';

export interface SaturationRun {
  readonly config: BatchAssemblerConfig;
  /** The pool is topped back up to this many pending texts whenever a batch leaves. */
  readonly poolSize: number;
  /** Texts to run through the pool before measuring stops. */
  readonly texts: number;
  readonly sampleTokens: () => number;
  /** Simulated compute per padded token, only to age the pool realistically between batches. */
  readonly msPerPaddedToken?: number;
}

export interface SaturationResult {
  readonly padding: PaddingStats;
  readonly batches: number;
  readonly meanBatchTexts: number;
  /** From enqueue to release, in simulated ms. */
  readonly meanWaitMs: number;
  readonly p99WaitMs: number;
  readonly maxWaitMs: number;
}

/**
 * A worker that never runs dry: texts arrive as fast as batches leave, keeping `poolSize` pending. This is the
 * regime where the grouping policy decides throughput, so it is where padding is measured.
 */
export function simulateSaturation(run: SaturationRun): SaturationResult {
  const assembler = new BatchAssembler(run.config);
  const tally = new PaddingTally();
  const msPerPaddedToken = run.msPerPaddedToken ?? 0.02;
  const waits: number[] = [];
  let now = 0;
  let created = 0;
  const refill = () => {
    const items: PendingText[] = [];
    while (assembler.size + items.length < run.poolSize && created < run.texts) {
      items.push({ key: `t${created}`, tokens: run.sampleTokens(), enqueuedAt: now });
      created += 1;
    }
    assembler.add(items);
  };
  refill();
  while (assembler.size > 0) {
    // Once every text has been created the tail drains, as a worker would at the end of a burst.
    const result = assembler.next(now, { drain: created >= run.texts });
    if (result.status === 'waiting') {
      now += result.waitMs;
      continue;
    }
    if (result.status === 'idle') break;
    const stats = tally.add(result.batch);
    for (const text of result.batch) waits.push(now - text.enqueuedAt);
    now += stats.paddedTokens * msPerPaddedToken;
    refill();
  }
  waits.sort((a, b) => a - b);
  const { stats } = tally;
  return {
    padding: stats,
    batches: tally.batches,
    meanBatchTexts: stats.texts / tally.batches,
    meanWaitMs: waits.reduce((sum, wait) => sum + wait, 0) / Math.max(1, waits.length),
    p99WaitMs: waits[Math.floor(waits.length * 0.99)] ?? 0,
    maxWaitMs: waits.at(-1) ?? 0,
  };
}
