import type { DistilBertWeights, LayerNormWeights, LinearWeights } from './distilbert-weight-tensors.ts';

const LAYER_NORM_EPSILON = 1e-12;
// torch.finfo(torch.float32).min, what DistilBERT fills masked attention scores with.
const MASKED_SCORE = -3.4028234663852886e38;

/**
 * DistilBertForSequenceClassification in plain TypeScript (float64 arithmetic), computing what the generated
 * ONNX graph computes; it is the independent check of that graph. Returns logits [batch][numLabels].
 */
export function referenceForward(
  weights: DistilBertWeights,
  inputIds: number[][],
  attentionMask: number[][],
): number[][] {
  return inputIds.map((ids, row) => {
    const mask = attentionMask[row];
    if (!mask || mask.length !== ids.length)
      throw new Error(`attention mask row ${row} does not match input ids`);
    return Array.from(classificationHead(weights, encodeFirstToken(weights, ids, mask)));
  });
}

/** The final hidden state of token 0 ([CLS]), which the classification head reads. */
export function encodeFirstToken(weights: DistilBertWeights, ids: number[], mask: number[]): Float64Array {
  const { dim, nHeads, maxPositionEmbeddings } = weights.shape;
  if (ids.length > maxPositionEmbeddings) {
    throw new Error(`sequence length ${ids.length} exceeds ${maxPositionEmbeddings} positions`);
  }
  let hidden = embed(weights, ids);
  for (const block of weights.layers) {
    const attended = linear(
      selfAttention(hidden, mask, block.query, block.key, block.value, nHeads),
      block.attentionOutput,
    );
    hidden = layerNorm(add(attended, hidden), block.attentionLayerNorm);
    const expanded = linear(hidden, block.ffnIn).map(gelu);
    hidden = layerNorm(add(linear(expanded, block.ffnOut), hidden), block.outputLayerNorm);
  }
  return hidden.slice(0, dim);
}

/** pre_classifier -> ReLU -> classifier on the [CLS] state. */
export function classificationHead(weights: DistilBertWeights, firstToken: Float64Array): Float64Array {
  return linear(linear(firstToken, weights.preClassifier).map(relu), weights.classifier);
}

/** Row-major [tokens, dim] matrices as flat Float64Arrays keep the full-size forward pass fast enough to run. */
function embed(weights: DistilBertWeights, ids: number[]): Float64Array {
  const { dim, vocabSize } = weights.shape;
  const hidden = new Float64Array(ids.length * dim);
  ids.forEach((id, position) => {
    if (!Number.isInteger(id) || id < 0 || id >= vocabSize) throw new Error(`token id ${id} out of range`);
    for (let i = 0; i < dim; i += 1) {
      hidden[position * dim + i] =
        (weights.wordEmbeddings.data[id * dim + i] as number) +
        (weights.positionEmbeddings.data[position * dim + i] as number);
    }
  });
  return layerNorm(hidden, weights.embeddingLayerNorm);
}

function selfAttention(
  hidden: Float64Array,
  mask: number[],
  queryWeights: LinearWeights,
  keyWeights: LinearWeights,
  valueWeights: LinearWeights,
  nHeads: number,
): Float64Array {
  const dim = queryWeights.bias.data.length;
  const tokens = hidden.length / dim;
  const headDim = dim / nHeads;
  // DistilBERT scales q by 1/sqrt(head_dim) before QK^T.
  const scale = Math.sqrt(headDim);
  const queries = linear(hidden, queryWeights).map((value) => value / scale);
  const keys = linear(hidden, keyWeights);
  const values = linear(hidden, valueWeights);
  const context = new Float64Array(tokens * dim);
  const scores = new Float64Array(tokens);
  for (let query = 0; query < tokens; query += 1) {
    for (let head = 0; head < nHeads; head += 1) {
      const offset = head * headDim;
      for (let key = 0; key < tokens; key += 1) {
        let score = 0;
        for (let i = 0; i < headDim; i += 1) {
          score += (queries[query * dim + offset + i] as number) * (keys[key * dim + offset + i] as number);
        }
        scores[key] = score + (1 - (mask[key] as number)) * MASKED_SCORE;
      }
      const probabilities = softmax(scores);
      for (let key = 0; key < tokens; key += 1) {
        const probability = probabilities[key] as number;
        for (let i = 0; i < headDim; i += 1) {
          context[query * dim + offset + i] =
            (context[query * dim + offset + i] as number) +
            probability * (values[key * dim + offset + i] as number);
        }
      }
    }
  }
  return context;
}

/** x · W + b for every row of `input` ([rows, in] -> [rows, out]). */
function linear(input: Float64Array, layer: LinearWeights): Float64Array {
  const [inputs, outputs] = layer.weight.dims as [number, number];
  if (input.length % inputs !== 0)
    throw new Error(`${layer.weight.name}: input is not a multiple of ${inputs}`);
  const rows = input.length / inputs;
  const weight = layer.weight.data;
  const output = new Float64Array(rows * outputs);
  for (let row = 0; row < rows; row += 1) output.set(layer.bias.data, row * outputs);
  // Weight row outermost: each row of W is read from memory once for all tokens, not once per token, which
  // makes the full-size model's head calibration several times faster.
  for (let i = 0; i < inputs; i += 1) {
    const base = i * outputs;
    for (let row = 0; row < rows; row += 1) {
      const x = input[row * inputs + i] as number;
      const out = row * outputs;
      for (let j = 0; j < outputs; j += 1)
        output[out + j] = (output[out + j] as number) + x * (weight[base + j] as number);
    }
  }
  return output;
}

/** LayerNorm over the last dimension of every row. */
function layerNorm(input: Float64Array, norm: LayerNormWeights): Float64Array {
  const dim = norm.gamma.data.length;
  const output = new Float64Array(input.length);
  for (let start = 0; start < input.length; start += dim) {
    let mean = 0;
    for (let i = 0; i < dim; i += 1) mean += input[start + i] as number;
    mean /= dim;
    let variance = 0;
    for (let i = 0; i < dim; i += 1) variance += ((input[start + i] as number) - mean) ** 2;
    const inverseStd = 1 / Math.sqrt(variance / dim + LAYER_NORM_EPSILON);
    for (let i = 0; i < dim; i += 1) {
      output[start + i] =
        ((input[start + i] as number) - mean) * inverseStd * (norm.gamma.data[i] as number) +
        (norm.beta.data[i] as number);
    }
  }
  return output;
}

function softmax(scores: Float64Array): Float64Array {
  const max = scores.reduce((largest, score) => Math.max(largest, score), -Infinity);
  const exps = scores.map((score) => Math.exp(score - max));
  const total = exps.reduce((sum, value) => sum + value, 0);
  return exps.map((value) => value / total);
}

function add(left: Float64Array, right: Float64Array): Float64Array {
  return left.map((value, i) => value + (right[i] as number));
}

function relu(x: number): number {
  return x > 0 ? x : 0;
}

/** The exact (erf) GELU that DistilBERT uses, not the tanh approximation. */
function gelu(x: number): number {
  return 0.5 * x * (1 + erf(x / Math.SQRT2));
}

/** Abramowitz & Stegun 7.1.26; absolute error below 1.5e-7, far inside the 1e-4 logits tolerance. */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const z = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * z);
  const polynomial =
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t;
  return sign * (1 - polynomial * Math.exp(-z * z));
}
