// The weights' layout, apart from how they are generated, so that the head calibration that generation calls can
// take them without importing the generator back.
import type { DistilBertShape } from './preset-shapes.ts';

/** A float32 parameter tensor, row-major. `name` is the ONNX initializer name. */
export interface WeightTensor {
  name: string;
  dims: number[];
  data: Float32Array;
}

/** y = x · weight + bias; `weight` is stored [in, out] (transposed from PyTorch) so it feeds MatMul directly. */
export interface LinearWeights {
  weight: WeightTensor;
  bias: WeightTensor;
}

export interface LayerNormWeights {
  gamma: WeightTensor;
  beta: WeightTensor;
}

export interface TransformerBlockWeights {
  query: LinearWeights;
  key: LinearWeights;
  value: LinearWeights;
  attentionOutput: LinearWeights;
  attentionLayerNorm: LayerNormWeights;
  ffnIn: LinearWeights;
  ffnOut: LinearWeights;
  outputLayerNorm: LayerNormWeights;
}

export interface DistilBertWeights {
  shape: DistilBertShape;
  wordEmbeddings: WeightTensor;
  positionEmbeddings: WeightTensor;
  embeddingLayerNorm: LayerNormWeights;
  layers: TransformerBlockWeights[];
  preClassifier: LinearWeights;
  classifier: LinearWeights;
}
