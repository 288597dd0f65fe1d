import type {
  DistilBertWeights,
  LayerNormWeights,
  LinearWeights,
  WeightTensor,
} from './distilbert-weight-tensors.ts';
import { OnnxGraphBuilder, TensorType, littleEndianBytes } from './onnx-graph-builder.ts';
import type { GraphValue } from './onnx-graph-builder.ts';
import { quantizeInt8Symmetric } from './int8-weight-quantization.ts';

/** fp32: the plain export. int8: dynamic quantisation as onnxruntime's quantize_dynamic writes it. */
export type GraphPrecision = 'fp32' | 'int8';

export interface DistilBertGraph {
  builder: OnnxGraphBuilder;
  inputs: GraphValue[];
  outputs: GraphValue[];
}

const LAYER_NORM_EPSILON = 1e-12;
// torch.finfo(torch.float32).min, what DistilBERT fills masked attention scores with.
const MASKED_SCORE = -3.4028234663852886e38;

/**
 * DistilBertForSequenceClassification as the Hugging Face / Optimum ONNX export lays it out, so ONNX Runtime
 * applies the same fusions (LayerNormalization, Gelu from the Erf pattern, MatMulIntegerToFloat for int8) and the
 * model costs what the real one costs.
 */
export function buildDistilBertGraph(weights: DistilBertWeights, precision: GraphPrecision): DistilBertGraph {
  return new DistilBertGraphEmitter(weights, precision).emit();
}

class DistilBertGraphEmitter {
  private readonly graph = new OnnxGraphBuilder();
  // quantize_dynamic quantises each activation once, however many MatMuls read it (q, k and v share one).
  private readonly quantizedActivations = new Map<string, [string, string, string]>();

  constructor(
    private readonly weights: DistilBertWeights,
    private readonly precision: GraphPrecision,
  ) {}

  emit(): DistilBertGraph {
    const { shape } = this.weights;
    const inputs: GraphValue[] = [
      { name: 'input_ids', type: TensorType.int64, dims: ['batch_size', 'sequence_length'] },
      { name: 'attention_mask', type: TensorType.int64, dims: ['batch_size', 'sequence_length'] },
    ];
    let hidden = this.embeddings('input_ids');
    const additiveMask = this.additiveAttentionMask('attention_mask');
    this.weights.layers.forEach((block, index) => {
      const scope = `/distilbert/transformer/layer.${index}`;
      const attended = this.selfAttention(hidden, additiveMask, block, `${scope}/attention`);
      hidden = this.layerNorm(
        this.graph.op('Add', [attended, hidden], `${scope}/attention`),
        block.attentionLayerNorm,
        `${scope}/sa_layer_norm`,
      );
      const expanded = this.gelu(
        this.linear(hidden, block.ffnIn, `${scope}/ffn/lin1`),
        `${scope}/ffn/activation`,
      );
      const projected = this.linear(expanded, block.ffnOut, `${scope}/ffn/lin2`);
      hidden = this.layerNorm(
        this.graph.op('Add', [projected, hidden], `${scope}/ffn`),
        block.outputLayerNorm,
        `${scope}/output_layer_norm`,
      );
    });

    // hidden_state[:, 0]: the [CLS] token.
    const firstToken = this.graph.int64Tensor('/Constant_cls_index', [], [0]);
    const pooled = this.graph.op('Gather', [hidden, firstToken], '', { axis: { int: 1 } });
    const preClassified = this.graph.op(
      'Relu',
      [this.linear(pooled, this.weights.preClassifier, '/pre_classifier')],
      '',
    );
    const logits = this.linear(preClassified, this.weights.classifier, '/classifier');
    this.graph.rename(logits, 'logits');
    const outputs: GraphValue[] = [
      { name: 'logits', type: TensorType.float, dims: ['batch_size', shape.numLabels] },
    ];
    return { builder: this.graph, inputs, outputs };
  }

  private embeddings(inputIds: string): string {
    const scope = '/distilbert/embeddings';
    const words = this.wordEmbeddingLookup(inputIds, `${scope}/word_embeddings`);
    // position_embeddings[0:seq_len] rather than a position_ids input, so any sequence length up to 512 works.
    const sequenceLength = this.graph.op('Shape', [inputIds], scope, { start: { int: 1 }, end: { int: 2 } });
    const positionTable = this.floatWeight(this.weights.positionEmbeddings);
    const zero = this.graph.int64Tensor(`${scope}/Constant_zero`, [1], [0]);
    const positions = this.graph.op(
      'Slice',
      [positionTable, zero, sequenceLength, zero],
      `${scope}/position_embeddings`,
    );
    const summed = this.graph.op('Add', [words, positions], scope);
    return this.layerNorm(summed, this.weights.embeddingLayerNorm, `${scope}/LayerNorm`);
  }

  private wordEmbeddingLookup(inputIds: string, scope: string): string {
    const table = this.weights.wordEmbeddings;
    if (this.precision === 'fp32') return this.graph.op('Gather', [this.floatWeight(table), inputIds], scope);
    // quantize_dynamic's Gather handling: gather from an int8 table, then dequantise only the gathered rows.
    const quantized = quantizeInt8Symmetric(table.data);
    const quantizedTable = this.graph.initializer(
      `${table.name}_quantized`,
      TensorType.int8,
      table.dims,
      littleEndianBytes(quantized.values),
    );
    const scale = this.graph.floatScalar(`${table.name}_scale`, quantized.scale);
    const zeroPoint = this.graph.initializer(
      `${table.name}_zero_point`,
      TensorType.int8,
      [],
      Uint8Array.of(0),
    );
    const gathered = this.graph.op('Gather', [quantizedTable, inputIds], scope);
    return this.graph.op('DequantizeLinear', [gathered, scale, zeroPoint], scope);
  }

  /** (1 - mask) * finfo.min, shaped [batch, 1, 1, seq] to broadcast over heads and query positions. */
  private additiveAttentionMask(attentionMask: string): string {
    const scope = '/distilbert/attention_mask';
    const asFloat = this.graph.op('Cast', [attentionMask], scope, { to: { int: TensorType.float } });
    const one = this.graph.floatScalar(`${scope}/Constant_one`, 1);
    const inverted = this.graph.op('Sub', [one, asFloat], scope);
    const masked = this.graph.floatScalar(`${scope}/Constant_masked_score`, MASKED_SCORE);
    const additive = this.graph.op('Mul', [inverted, masked], scope);
    const axes = this.graph.int64Tensor(`${scope}/Constant_axes`, [2], [1, 2]);
    return this.graph.op('Unsqueeze', [additive, axes], scope);
  }

  private selfAttention(
    hidden: string,
    additiveMask: string,
    block: DistilBertWeights['layers'][number],
    scope: string,
  ): string {
    const { dim, nHeads } = this.weights.shape;
    const headDim = dim / nHeads;
    const splitShape = this.graph.int64Tensor(
      `${scope}/Constant_split_heads_shape`,
      [4],
      [0, 0, nHeads, headDim],
    );
    const mergeShape = this.graph.int64Tensor(`${scope}/Constant_merge_heads_shape`, [3], [0, 0, dim]);
    const heads = (projection: string, name: string, permutation: number[]): string =>
      this.graph.op(
        'Transpose',
        [this.graph.op('Reshape', [projection, splitShape], `${scope}/${name}`)],
        `${scope}/${name}`,
        { perm: { ints: permutation } },
      );

    // DistilBERT scales q by 1/sqrt(head_dim) before QK^T.
    const scale = this.graph.floatScalar(`${scope}/Constant_sqrt_head_dim`, Math.sqrt(headDim));
    const query = this.graph.op('Div', [this.linear(hidden, block.query, `${scope}/q_lin`), scale], scope);
    const queryHeads = heads(query, 'q', [0, 2, 1, 3]); // [B, H, S, d]
    const keyHeadsTransposed = heads(this.linear(hidden, block.key, `${scope}/k_lin`), 'k', [0, 2, 3, 1]); // [B, H, d, S]
    const valueHeads = heads(this.linear(hidden, block.value, `${scope}/v_lin`), 'v', [0, 2, 1, 3]); // [B, H, S, d]

    const scores = this.graph.op('MatMul', [queryHeads, keyHeadsTransposed], scope);
    const maskedScores = this.graph.op('Add', [scores, additiveMask], scope);
    const probabilities = this.graph.op('Softmax', [maskedScores], scope, { axis: { int: -1 } });
    const context = this.graph.op('MatMul', [probabilities, valueHeads], scope);
    const merged = this.graph.op(
      'Reshape',
      [this.graph.op('Transpose', [context], scope, { perm: { ints: [0, 2, 1, 3] } }), mergeShape],
      scope,
    );
    return this.linear(merged, block.attentionOutput, `${scope}/out_lin`);
  }

  private linear(input: string, layer: LinearWeights, scope: string): string {
    const product =
      this.precision === 'fp32'
        ? this.graph.op('MatMul', [input, this.floatWeight(layer.weight)], scope)
        : this.quantizedMatMul(input, layer.weight, scope);
    return this.graph.op('Add', [this.floatWeight(layer.bias), product], scope);
  }

  /**
   * DynamicQuantizeLinear(A) -> MatMulInteger(A_q, B_q, A_zp, B_zp) -> Cast -> Mul(A_scale * B_scale):
   * exactly the pattern ONNX Runtime fuses into MatMulIntegerToFloat.
   */
  private quantizedMatMul(input: string, weight: WeightTensor, scope: string): string {
    let activation = this.quantizedActivations.get(input);
    if (!activation) {
      const [quantized, scale, zeroPoint] = this.graph.node('DynamicQuantizeLinear', [input], scope, {}, 3);
      activation = [quantized as string, scale as string, zeroPoint as string];
      this.quantizedActivations.set(input, activation);
    }
    const [activationQuantized, activationScale, activationZeroPoint] = activation;
    // uint8 activations (DynamicQuantizeLinear) x int8 weights: the u8s8 GEMM that VNNI runs fastest.
    const quantized = quantizeInt8Symmetric(weight.data);
    const weightQuantized = this.graph.initializer(
      `${weight.name}_quantized`,
      TensorType.int8,
      weight.dims,
      littleEndianBytes(quantized.values),
    );
    const weightScale = this.graph.floatScalar(`${weight.name}_scale`, quantized.scale);
    const weightZeroPoint = this.graph.initializer(
      `${weight.name}_zero_point`,
      TensorType.int8,
      [],
      Uint8Array.of(0),
    );
    const integerProduct = this.graph.op(
      'MatMulInteger',
      [activationQuantized, weightQuantized, activationZeroPoint, weightZeroPoint],
      scope,
    );
    const floatProduct = this.graph.op('Cast', [integerProduct], scope, { to: { int: TensorType.float } });
    const combinedScale = this.graph.op('Mul', [activationScale, weightScale], scope);
    return this.graph.op('Mul', [floatProduct, combinedScale], scope);
  }

  private layerNorm(input: string, norm: LayerNormWeights, scope: string): string {
    return this.graph.op(
      'LayerNormalization',
      [input, this.floatWeight(norm.gamma), this.floatWeight(norm.beta)],
      scope,
      { axis: { int: -1 }, epsilon: { float: LAYER_NORM_EPSILON } },
    );
  }

  /** x * 0.5 * (1 + erf(x / sqrt 2)) in the node order ONNX Runtime's GeluFusion matches. */
  private gelu(input: string, scope: string): string {
    const sqrt2 = this.graph.floatScalar(`${scope}/Constant_sqrt2`, Math.SQRT2);
    const one = this.graph.floatScalar(`${scope}/Constant_one`, 1);
    const half = this.graph.floatScalar(`${scope}/Constant_half`, 0.5);
    const erf = this.graph.op('Erf', [this.graph.op('Div', [input, sqrt2], scope)], scope);
    const shifted = this.graph.op('Add', [erf, one], scope);
    return this.graph.op('Mul', [this.graph.op('Mul', [input, shifted], scope), half], scope);
  }

  private floatWeight(tensor: WeightTensor): string {
    return this.graph.initializer(tensor.name, TensorType.float, tensor.dims, littleEndianBytes(tensor.data));
  }
}
