// @sieve/batches — async batch jobs: the staged upload, the batch record, chunk items and results in Redis (Lua
// scripts for every racing change), the BullMQ flow that runs the chunks, and reading results back in order.
export { batchKeys, type BatchKeys } from './batch-keys.ts';
export {
  ENDED_STATES,
  decodeRecord,
  type BatchDraft,
  type BatchOptions,
  type BatchRecord,
  type BatchState,
} from './batch-record.ts';
export { BatchListing, SCAN_WINDOW, type BatchListingPage, type BatchListingQuery } from './batch-listing.ts';
export { estimateRemainingMs } from './batch-progress.ts';
export { ChunkAccumulator } from './chunk-accumulator.ts';
export { countOutcomes, type StoredItem, type StoredResult } from './chunk-encoding.ts';
export {
  BatchStore,
  InvalidPageTokenError,
  isBatchId,
  type BatchLease,
  type BatchPage,
  type ChunkWrite,
  type CommitOutcome,
} from './batch-store.ts';
export {
  BatchScheduler,
  type BatchChunkJob,
  type BatchParentJob,
  type BatchSchedulerOptions,
} from './batch-scheduler.ts';
export { readBatchResults, type ReadOptions, type ResultPage } from './batch-result-reader.ts';
