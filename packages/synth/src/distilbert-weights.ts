import type { DistilBertShape } from './preset-shapes.ts';
import type {
  DistilBertWeights,
  LayerNormWeights,
  LinearWeights,
  TransformerBlockWeights,
  WeightTensor,
} from './distilbert-weight-tensors.ts';
import { calibrateClassificationHead } from './classification-head-calibration.ts';
import { SeededNormalGenerator } from './seeded-normal-generator.ts';

const BERT_INIT_STD = 0.02;
const BERT_BASE_DIM = 768;
const PAD_TOKEN_ID = 0;
// q/k weights this many times the init std: with plain init, attention is nearly uniform, so the [CLS] state of
// a long text converges to the same average whatever the words and every text gets the same label. Peaked
// attention keeps it content-dependent, as in a trained model. 3 gives mixed labels on real multilingual text.
const ATTENTION_SHARPENING = 3;

/**
 * Random weights with the BERT initialisation statistics, deterministic in `seed`.
 *
 * Deviations from a freshly initialised model, each so the synthetic model behaves like a trained one in tests:
 * - the std 0.02 is scaled by sqrt(768 / dim), so the tiny model's layers mix tokens as strongly as full-size
 *   ones do (0.02 at dim 32 would leave every block close to the identity and every text with the same scores);
 * - q_lin and k_lin weights are scaled up (ATTENTION_SHARPENING) so attention is peaked rather than uniform;
 * - biases and LayerNorm parameters get small noise instead of 0 / 1, so a mis-wired bias or LayerNorm shows up;
 * - the classification head is calibrated on a few random texts (see calibrateClassificationHead) so logits
 *   differ visibly between texts instead of one label winning everywhere.
 */
export function generateDistilBertWeights(shape: DistilBertShape, seed: number): DistilBertWeights {
  const random = new SeededNormalGenerator(seed);
  const std = BERT_INIT_STD * Math.sqrt(BERT_BASE_DIM / shape.dim);
  const { dim, hiddenDim, numLabels } = shape;

  const tensor = (name: string, dims: number[], mean: number, tensorStd: number): WeightTensor => {
    const data = new Float32Array(dims.reduce((product, size) => product * size, 1));
    random.fillNormal(data, mean, tensorStd);
    return { name, dims, data };
  };
  const linear = (prefix: string, inputs: number, outputs: number, weightStd: number): LinearWeights => ({
    weight: tensor(`${prefix}.weight`, [inputs, outputs], 0, weightStd),
    bias: tensor(`${prefix}.bias`, [outputs], 0, BERT_INIT_STD),
  });
  const layerNorm = (prefix: string): LayerNormWeights => ({
    gamma: tensor(`${prefix}.weight`, [dim], 1, 0.05),
    beta: tensor(`${prefix}.bias`, [dim], 0, BERT_INIT_STD),
  });

  const wordEmbeddings = tensor(
    'distilbert.embeddings.word_embeddings.weight',
    [shape.vocabSize, dim],
    0,
    std,
  );
  // nn.Embedding(padding_idx=pad_token_id) keeps the padding row at zero.
  wordEmbeddings.data.fill(0, PAD_TOKEN_ID * dim, (PAD_TOKEN_ID + 1) * dim);
  const positionEmbeddings = tensor(
    'distilbert.embeddings.position_embeddings.weight',
    [shape.maxPositionEmbeddings, dim],
    0,
    std,
  );
  const embeddingLayerNorm = layerNorm('distilbert.embeddings.LayerNorm');

  const layers: TransformerBlockWeights[] = [];
  for (let index = 0; index < shape.nLayers; index += 1) {
    const prefix = `distilbert.transformer.layer.${index}`;
    layers.push({
      query: linear(`${prefix}.attention.q_lin`, dim, dim, std * ATTENTION_SHARPENING),
      key: linear(`${prefix}.attention.k_lin`, dim, dim, std * ATTENTION_SHARPENING),
      value: linear(`${prefix}.attention.v_lin`, dim, dim, std),
      attentionOutput: linear(`${prefix}.attention.out_lin`, dim, dim, std),
      attentionLayerNorm: layerNorm(`${prefix}.sa_layer_norm`),
      ffnIn: linear(`${prefix}.ffn.lin1`, dim, hiddenDim, std),
      ffnOut: linear(`${prefix}.ffn.lin2`, hiddenDim, dim, std),
      outputLayerNorm: layerNorm(`${prefix}.output_layer_norm`),
    });
  }

  // Fan-in scaled so the head starts at unit gain; calibration then sets its biases and output scale.
  const preClassifier = linear('pre_classifier', dim, dim, 1 / Math.sqrt(dim));
  const classifier = linear('classifier', dim, numLabels, 1 / Math.sqrt(dim));
  const weights = {
    shape,
    wordEmbeddings,
    positionEmbeddings,
    embeddingLayerNorm,
    layers,
    preClassifier,
    classifier,
  };
  calibrateClassificationHead(weights, seed);
  return weights;
}

/** Every parameter tensor, in a fixed order (the order they are written to disk). */
export function listWeightTensors(weights: DistilBertWeights): WeightTensor[] {
  const linear = (layer: LinearWeights): WeightTensor[] => [layer.weight, layer.bias];
  const layerNorm = (norm: LayerNormWeights): WeightTensor[] => [norm.gamma, norm.beta];
  return [
    weights.wordEmbeddings,
    weights.positionEmbeddings,
    ...layerNorm(weights.embeddingLayerNorm),
    ...weights.layers.flatMap((block) => [
      ...linear(block.query),
      ...linear(block.key),
      ...linear(block.value),
      ...linear(block.attentionOutput),
      ...layerNorm(block.attentionLayerNorm),
      ...linear(block.ffnIn),
      ...linear(block.ffnOut),
      ...layerNorm(block.outputLayerNorm),
    ]),
    ...linear(weights.preClassifier),
    ...linear(weights.classifier),
  ];
}

export function countParameters(weights: DistilBertWeights): number {
  return listWeightTensors(weights).reduce((total, tensor) => total + tensor.data.length, 0);
}
