// @sieve/batching — which pending texts form the next inference batch, and when. Pure logic: no Redis, no ONNX.
export type { PendingText } from './pending-text.ts';
export {
  BatchAssembler,
  type IdleBatch,
  type NextBatch,
  type NextBatchOptions,
  type ReadyBatch,
  type ReleaseReason,
  type WaitingBatch,
} from './batch-assembler.ts';
export {
  BatchAssemblerConfigError,
  resolveBatchAssemblerConfig,
  type BatchAssemblerConfig,
  type BatchOrdering,
  type ResolvedBatchAssemblerConfig,
} from './batch-assembler-config.ts';
export { OldestFirstAnchorPolicy, type AnchorPolicy } from './anchor-policy.ts';
export { FairShareAnchorPolicy, type FairShareAnchorPolicyOptions } from './fair-share-anchor-policy.ts';
export { paddingRatio, paddingStats, type PaddingStats } from './padding-stats.ts';
export { PaddingTally } from './padding-tally.ts';
export { tenantCharges } from './tenant-charges.ts';
export { pendingBacklog, type PendingGroup } from './pending-backlog.ts';
export {
  BatchReleasePolicy,
  type BatchReleasePolicyOptions,
  type InFlightBatch,
  type PendingView,
  type ReleaseDecision,
} from './batch-release-policy.ts';
