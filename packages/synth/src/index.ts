export { synthesizeModel } from './synthesize-model.ts';
export type { SynthOptions, SynthResult } from './synthesize-model.ts';
export { findMultilingualTokenizer } from './multilingual-tokenizer-locator.ts';
export { wordPieceTokenizerJson } from './tokenizer-files.ts';
export { PRESET_SHAPES, SENTIMENT_LABELS } from './preset-shapes.ts';
export type { DistilBertShape, SynthPreset } from './preset-shapes.ts';
export { generateDistilBertWeights } from './distilbert-weights.ts';
export type {
  DistilBertWeights,
  LayerNormWeights,
  LinearWeights,
  TransformerBlockWeights,
  WeightTensor,
} from './distilbert-weight-tensors.ts';
export { referenceForward } from './reference-forward.ts';
export { convertModelToFloat16, Float16ConversionError } from './float16-model-conversion.ts';
export { writeFloat16Model } from './float16-model-file.ts';
export { float16Bits } from './float16-bits.ts';
export {
  activationQuantizationOf,
  quantizeModelStatic,
  staticQuantizationTargets,
  StaticQuantizationError,
  type ActivationQuantization,
  type ActivationRange,
} from './static-int8-quantization.ts';
export { calibrateActivationRanges } from './activation-range-calibration.ts';
export {
  STATIC_INT8_MODEL_PATH,
  writeStaticInt8Model,
  type StaticInt8Written,
} from './static-int8-model-file.ts';
export { calibrationSequences } from './calibration-sequences.ts';
