import type { PaddedBatch } from '../src/index.ts';

/** Two texts of the tiny vocabulary, one padded: what the graph tests run through a session. */
export const SAMPLE_BATCH: PaddedBatch = {
  inputIds: BigInt64Array.from([101n, 200n, 300n, 102n, 101n, 250n, 102n, 0n]),
  attentionMask: BigInt64Array.from([1n, 1n, 1n, 1n, 1n, 1n, 1n, 0n]),
  batchSize: 2,
  sequenceLength: 4,
};
