// @sieve/runtime — a model directory in, label scores out. Knows nothing of Redis or gRPC.
export {
  FeaturesUnavailableError,
  TextClassifier,
  type BatchOutput,
  type ClassifyTextOptions,
  type LoadOptions,
  type ModelFeatures,
  type ModelInfo,
  type TextResult,
} from './text-classifier.ts';
export { locatePooledFeatures, type FeatureSupport } from './feature-output.ts';
export { prepareSessionGraph, type SessionGraph } from './session-graph.ts';
export type { WordEmbeddingTable } from './word-embedding-rows.ts';
export {
  TextTokenizer,
  TextTooLongError,
  type TokenizedText,
  type TokenizerImplementation,
  type TruncationMode,
} from './text-tokenizer.ts';
export { ModelLoadError } from './model-load-error.ts';
export {
  locateModelFiles,
  modelGraphBytes,
  wordEmbeddingTableBytes,
  type ModelDtype,
  type ModelFiles,
} from './model-directory.ts';
export { readModelConfig, type ModelConfig } from './model-config.ts';
export { digestModelFiles, servedFiles } from './model-digest.ts';
export { scoreLogits, type LabelScore, type ScoreOptions } from './label-scores.ts';
export { padBatch } from './padded-batch.ts';
export {
  OnnxModelSession,
  type GraphOptimizationLevel,
  type PaddedBatch,
  type SessionOptions,
  type SessionOutput,
} from './onnx-model-session.ts';
export {
  cudaProviderInstalled,
  vulkanDrivers,
  webgpuUnavailableReason,
  type ExecutionProviderName,
} from './execution-providers.ts';
export { ThreadedOnnxSession } from './threaded-onnx-session.ts';
export { SessionPool, type PooledSession } from './session-pool.ts';
export {
  AUTO_SESSIONS_MAX,
  estimatedPeakMb,
  memoryBoundMb,
  sessionLayoutOf,
  type SessionLayout,
  type SessionLayoutWanted,
} from './session-layout.ts';
export {
  ExpressLaneSession,
  type ExpressLoading,
  type ExpressLoadOutcome,
  type ExpressSessionLoader,
} from './express-lane-session.ts';
export { float16Value } from './float16-output.ts';
