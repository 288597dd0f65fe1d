import onnxProto from 'onnx-proto';
import type { onnx } from 'onnx-proto';
import { quantizeInt8Symmetric } from './int8-weight-quantization.ts';

const { TensorProto } = onnxProto.onnx;
const FLOAT = TensorProto.DataType.FLOAT;

/** The smallest and largest value an activation took on the calibration corpus. */
export interface ActivationRange {
  min: number;
  max: number;
}

/** The fixed uint8 quantisation of one activation: real = (q - zeroPoint) * scale. */
export interface ActivationQuantization {
  scale: number;
  zeroPoint: number;
}

export class StaticQuantizationError extends Error {
  constructor(message: string) {
    super(`static int8 quantization: ${message}`);
    this.name = 'StaticQuantizationError';
  }
}

/**
 * The activations a static int8 graph quantises: the first input of every MatMul whose second input is a float32
 * matrix among the initializers (the linear layers; attention's QK^T and PV multiply two activations and stay
 * float32, as quantize_dynamic leaves them). Each name once, in graph order (q, k and v share one input).
 */
export function staticQuantizationTargets(model: onnx.IModelProto): string[] {
  const graph = model.graph;
  if (!graph) throw new StaticQuantizationError('the model has no graph');
  const weights = floatMatrices(graph);
  const targets = new Set<string>();
  for (const node of graph.node ?? []) {
    if (node.opType === 'MatMul' && weights.has(node.input?.[1] ?? '') && node.input?.[0])
      targets.add(node.input[0]);
  }
  return [...targets];
}

/**
 * The scale and zero point DynamicQuantizeLinear would compute for a tensor spanning `range`, computed once: the
 * range is widened to include 0 (so zero, e.g. a ReLU's output, is exact), uint8 [0, 255] covers it.
 */
export function activationQuantizationOf(range: ActivationRange): ActivationQuantization {
  if (!Number.isFinite(range.min) || !Number.isFinite(range.max) || range.min > range.max)
    throw new StaticQuantizationError(`activation range [${range.min}, ${range.max}] is not finite`);
  const min = Math.min(range.min, 0);
  const max = Math.max(range.max, 0);
  // Math.fround: ORT quantises with the float32 scale stored in the graph; the zero point is derived from that one.
  const scale = max > min ? Math.fround((max - min) / 255) : 1;
  const zeroPoint = Math.min(255, Math.max(0, Math.round(-min / scale)));
  return { scale, zeroPoint };
}

/**
 * The statically quantised version of a float32 model: every linear layer's MatMul becomes
 * QuantizeLinear(x, fixed scale, fixed zero point) -> MatMulInteger(x_q, W_q) -> Cast -> Mul(x_scale * W_scale),
 * weights int8 per tensor and symmetric as quantize_dynamic writes them (the u8 x s8 GEMM), and the word embedding
 * table int8, dequantised after its Gather. Unlike DynamicQuantizeLinear, whose scale is the min and max of the
 * whole batch tensor, the scales here are constants calibrated once (`ranges`, one per staticQuantizationTargets
 * name), so a text's answer does not depend on what else is in its batch: every operation on it is elementwise or
 * exact integer arithmetic. Values outside a calibrated range saturate. Pure: `model` is not modified; its
 * initializers must be inline (load external data first).
 */
export function quantizeModelStatic(
  model: onnx.IModelProto,
  ranges: ReadonlyMap<string, ActivationRange>,
): onnx.IModelProto {
  const graph = model.graph;
  if (!graph) throw new StaticQuantizationError('the model has no graph');
  const weights = floatMatrices(graph);
  const replaced = new Set<string>();
  const added: onnx.ITensorProto[] = [];
  const quantizedActivations = new Map<string, { quantized: string; scale: number; zeroPoint: string }>();
  const quantizedWeights = new Map<string, { quantized: string; scale: number }>();
  const nodes: onnx.INodeProto[] = [];
  const usedNames = new Set<string>([
    ...(graph.node ?? []).flatMap((node) => [...(node.output ?? []), node.name ?? '']),
    ...(graph.initializer ?? []).map((tensor) => tensor.name ?? ''),
  ]);
  const fresh = (base: string): string => {
    let name = base;
    for (let index = 1; usedNames.has(name); index += 1) name = `${base}_${index}`;
    usedNames.add(name);
    return name;
  };

  const weightOf = (name: string, tensor: onnx.ITensorProto) => {
    let weight = quantizedWeights.get(name);
    if (!weight) {
      const quantized = quantizeInt8Symmetric(floatData(tensor));
      weight = { quantized: fresh(`${name}_quantized`), scale: quantized.scale };
      added.push(int8Tensor(weight.quantized, tensor.dims ?? [], quantized.values));
      quantizedWeights.set(name, weight);
      replaced.add(name);
    }
    return weight;
  };

  for (const node of graph.node ?? []) {
    const [input, weightName] = node.input ?? [];
    const weight = weightName ? weights.get(weightName) : undefined;
    if (node.opType === 'Gather' && weights.has(node.input?.[0] ?? '') && isWordEmbedding(node, graph)) {
      // quantize_dynamic's Gather handling: gather from an int8 table, then dequantise only the gathered rows.
      const tableName = node.input?.[0] ?? '';
      const table = weightOf(tableName, weights.get(tableName)!);
      const scale = fresh(`${tableName}_scale`);
      const zeroPoint = fresh(`${tableName}_zero_point`);
      added.push(floatScalar(scale, table.scale), int8Tensor(zeroPoint, [], Int8Array.of(0)));
      const gathered = fresh(`${node.name ?? tableName}_quantized_output`);
      nodes.push({ ...node, input: [table.quantized, ...(node.input ?? []).slice(1)], output: [gathered] });
      nodes.push({
        name: fresh(`${node.name ?? tableName}_DequantizeLinear`),
        opType: 'DequantizeLinear',
        input: [gathered, scale, zeroPoint],
        output: node.output ?? [],
      });
      continue;
    }
    if (node.opType !== 'MatMul' || !input || !weightName || !weight) {
      nodes.push(node);
      continue;
    }
    let activation = quantizedActivations.get(input);
    if (!activation) {
      const range = ranges.get(input);
      if (!range) throw new StaticQuantizationError(`no calibrated range for "${input}"`);
      const { scale, zeroPoint } = activationQuantizationOf(range);
      const scaleName = fresh(`${input}_scale`);
      const zeroPointName = fresh(`${input}_zero_point`);
      added.push(floatScalar(scaleName, scale), uint8Scalar(zeroPointName, zeroPoint));
      const quantized = fresh(`${input}_quantized`);
      nodes.push({
        name: fresh(`${input}_QuantizeLinear`),
        opType: 'QuantizeLinear',
        input: [input, scaleName, zeroPointName],
        output: [quantized],
      });
      activation = { quantized, scale, zeroPoint: zeroPointName };
      quantizedActivations.set(input, activation);
    }
    const quantizedWeight = weightOf(weightName, weight);
    const weightZeroPoint = fresh(`${weightName}_zero_point`);
    const combinedScale = fresh(`${node.name ?? weightName}_scale`);
    added.push(
      int8Tensor(weightZeroPoint, [], Int8Array.of(0)),
      // Both factors are float32 in the graph; their product rounded once to float32, as ORT's fused kernel does.
      floatScalar(combinedScale, Math.fround(activation.scale * quantizedWeight.scale)),
    );
    const integerProduct = fresh(`${node.name ?? weightName}_MatMulInteger_output`);
    const floatProduct = fresh(`${node.name ?? weightName}_Cast_output`);
    nodes.push(
      {
        name: fresh(`${node.name ?? weightName}_MatMulInteger`),
        opType: 'MatMulInteger',
        input: [activation.quantized, quantizedWeight.quantized, activation.zeroPoint, weightZeroPoint],
        output: [integerProduct],
      },
      {
        name: fresh(`${node.name ?? weightName}_Cast`),
        opType: 'Cast',
        input: [integerProduct],
        output: [floatProduct],
        attribute: [{ name: 'to', type: onnxProto.onnx.AttributeProto.AttributeType.INT, i: FLOAT }],
      },
      {
        name: fresh(`${node.name ?? weightName}_Mul`),
        opType: 'Mul',
        input: [floatProduct, combinedScale],
        output: node.output ?? [],
      },
    );
  }

  // A float weight is dropped once nothing reads it any more (a matrix read elsewhere too stays).
  const stillRead = new Set(nodes.flatMap((node) => node.input ?? []));
  const initializer = [
    ...(graph.initializer ?? []).filter(
      (tensor) => !replaced.has(tensor.name ?? '') || stillRead.has(tensor.name ?? ''),
    ),
    ...added,
  ];
  return { ...model, graph: { ...graph, node: nodes, initializer } };
}

/** Float32 initializers of rank 2: the candidates for int8 weights. */
function floatMatrices(graph: onnx.IGraphProto): Map<string, onnx.ITensorProto> {
  const matrices = new Map<string, onnx.ITensorProto>();
  for (const tensor of graph.initializer ?? []) {
    if (tensor.dataType === FLOAT && (tensor.dims ?? []).length === 2 && tensor.name)
      matrices.set(tensor.name, tensor);
  }
  return matrices;
}

/** A Gather indexed by a graph input (input_ids): the word embeddings; position embeddings stay float32. */
function isWordEmbedding(node: onnx.INodeProto, graph: onnx.IGraphProto): boolean {
  const inputs = new Set((graph.input ?? []).map((value) => value.name ?? ''));
  return inputs.has(node.input?.[1] ?? '');
}

function floatData(tensor: onnx.ITensorProto): Float32Array {
  if (tensor.dataLocation === TensorProto.DataLocation.EXTERNAL)
    throw new StaticQuantizationError(`initializer ${tensor.name} is external: load its data first`);
  const raw = tensor.rawData;
  if (raw && raw.byteLength > 0) {
    // A copy (Uint8Array.prototype.slice: Buffer's slice would share memory): raw_data may sit at an offset that is
    // not a multiple of 4 in the decoded buffer.
    return new Float32Array(Uint8Array.prototype.slice.call(raw).buffer, 0, raw.byteLength / 4);
  }
  return Float32Array.from(tensor.floatData ?? []);
}

function int8Tensor(
  name: string,
  dims: NonNullable<onnx.ITensorProto['dims']>,
  values: Int8Array,
): onnx.ITensorProto {
  return {
    name,
    dataType: TensorProto.DataType.INT8,
    dims,
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

function floatScalar(name: string, value: number): onnx.ITensorProto {
  return { name, dataType: FLOAT, dims: [], rawData: new Uint8Array(Float32Array.of(value).buffer) };
}

function uint8Scalar(name: string, value: number): onnx.ITensorProto {
  return { name, dataType: TensorProto.DataType.UINT8, dims: [], rawData: Uint8Array.of(value) };
}
