import type { onnx } from 'onnx-proto';

/** Whether a session can return the pooled features (the input of the model's classification head) beside the logits. */
export type FeatureSupport = { available: true; outputName: string } | { available: false; reason: string };

// What sits between the pooled state and the classifier in the heads exporters write: DistilBERT's pre_classifier
// (ReLU), BERT's pooler (Tanh), RoBERTa's dense (Tanh), others' GELU.
const HEAD_ACTIVATIONS = new Set(['Relu', 'Tanh', 'Gelu', 'FastGelu', 'Sigmoid']);

/**
 * Finds the pooled features a new head is trained on: the input of the model's own classification head. For a head
 * of the form linear -> activation -> linear (DistilBERT's pre_classifier, BERT's pooler, RoBERTa's dense) that is
 * the [CLS] hidden state the first linear layer reads; otherwise the input of the last linear layer. The pooled
 * state is the backbone's general summary of the text; the layer after it is already shaped for the model's own
 * labels (and half zeroed by a ReLU). Recognises linear layers as the exporters write them: Gemm, Add(MatMul, bias),
 * quantize_dynamic's Add(Mul(Cast(MatMulInteger(DynamicQuantizeLinear(x), W)), scale), bias), and the same with the
 * static graph's QuantizeLinear (fixed scales).
 */
export function locatePooledFeatures(graph: onnx.IGraphProto, logitsName: string): FeatureSupport {
  const producers = new Map<string, onnx.INodeProto>();
  for (const node of graph.node ?? []) for (const output of node.output ?? []) producers.set(output, node);
  const constants = new Set((graph.initializer ?? []).map((tensor) => tensor.name ?? ''));
  for (const node of graph.node ?? []) if (node.opType === 'Constant') constants.add(node.output?.[0] ?? '');
  const graphInputs = new Set((graph.input ?? []).map((input) => input.name ?? ''));

  const classifierInput = linearLayerInput(logitsName, producers, constants);
  if ('problem' in classifierInput) {
    return {
      available: false,
      reason: `the graph's classification layer is not recognised: ${classifierInput.problem}`,
    };
  }
  const activation = producers.get(classifierInput.tensor);
  const pooled =
    activation && HEAD_ACTIVATIONS.has(activation.opType ?? '')
      ? linearLayerInput(activation.input?.[0] ?? '', producers, constants)
      : undefined;
  const tensor = pooled && 'tensor' in pooled ? pooled.tensor : classifierInput.tensor;
  if (graphInputs.has(tensor)) {
    return { available: false, reason: `the classification head reads the graph input "${tensor}"` };
  }
  return { available: true, outputName: tensor };
}

/** The input of the linear layer that produces `output`, or why `output` does not come from one. */
function linearLayerInput(
  output: string,
  producers: ReadonlyMap<string, onnx.INodeProto>,
  constants: ReadonlySet<string>,
): { tensor: string } | { problem: string } {
  const isConstant = (name: string | null | undefined) => !!name && constants.has(name);
  const input = (name: string | null | undefined) =>
    name ? { tensor: name } : { problem: 'an unnamed input' };
  const last = producers.get(output);
  if (!last) return { problem: `no node produces "${output}"` };
  if (last.opType === 'Gemm') {
    const transA = last.attribute?.find((attribute) => attribute.name === 'transA')?.i;
    if (Number(transA ?? 0) !== 0) return { problem: `the Gemm producing "${output}" transposes its input` };
    if (!isConstant(last.input?.[1]))
      return { problem: `the Gemm producing "${output}" has no constant weight` };
    return input(last.input?.[0]);
  }
  if (last.opType !== 'Add') {
    return { problem: `"${output}" comes from a ${last.opType} node, not Gemm or Add(MatMul, bias)` };
  }
  const [left, right] = last.input ?? [];
  const product = isConstant(left) ? right : isConstant(right) ? left : undefined;
  const productNode = product ? producers.get(product) : undefined;
  if (!productNode) return { problem: `the Add producing "${output}" has no constant bias` };
  if (productNode.opType === 'MatMul') {
    if (!isConstant(productNode.input?.[1])) {
      return { problem: `the MatMul before "${output}" has no constant weight` };
    }
    return input(productNode.input?.[0]);
  }
  if (productNode.opType === 'Mul') {
    const integerProduct = (productNode.input ?? [])
      .map((name) => producers.get(name))
      .find((node) => node?.opType === 'Cast');
    const matMulInteger = producers.get(integerProduct?.input?.[0] ?? '');
    const quantized = producers.get(matMulInteger?.input?.[0] ?? '');
    const quantizer = quantized?.opType;
    if (
      matMulInteger?.opType === 'MatMulInteger' &&
      (quantizer === 'DynamicQuantizeLinear' || quantizer === 'QuantizeLinear')
    ) {
      return input(quantized?.input?.[0]);
    }
  }
  return { problem: `the Add producing "${output}" adds a bias to a ${productNode.opType}, not a MatMul` };
}
