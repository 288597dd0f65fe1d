// @sieve/heads — new classification heads on a frozen backbone's pooled features: pure training and scoring, and
// the heads' records, staged examples and weights in Redis. Knows nothing of ONNX Runtime or gRPC.
export {
  decodeHeadWeights,
  denseForward,
  encodeHeadWeights,
  headLogits,
  HeadWeightsError,
  type DenseLayer,
  type HeadWeights,
} from './head-weights.ts';
export {
  headTrainingSteps,
  HeadTrainingError,
  trainHead,
  type ClassWeighting,
  type HeadMetrics,
  type HeadTrainingOptions,
  type TrainedHead,
  type TrainingProgress,
} from './head-training.ts';
export { splitHeadExamples, stratifiedSplit, type HeadSplit } from './stratified-split.ts';
export {
  deduplicateExamples,
  normalizedText,
  type DeduplicatedExamples,
  type DeduplicationReport,
} from './example-deduplication.ts';
export { headKeys, type HeadKeys } from './head-keys.ts';
export { decodeHeadRecord, type HeadDraft, type HeadRecord, type HeadState } from './head-record.ts';
export { HeadStore, type CreateOutcome, type StagedExample } from './head-store.ts';
export { HeadTrainingScheduler, type HeadTrainingJob } from './head-training-queue.ts';
export {
  HEAD_NAME_PATTERN,
  headModelName,
  parseHeadModelName,
  type HeadModelName,
} from './head-model-name.ts';
