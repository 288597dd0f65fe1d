import onnxProto from 'onnx-proto';
import type { onnx } from 'onnx-proto';
import { float16Bits } from './float16-bits.ts';

// onnx-proto is CommonJS that assigns its namespace at run time, so Node cannot see a named `onnx` export.
const { TensorProto, AttributeProto } = onnxProto.onnx;
const FLOAT = TensorProto.DataType.FLOAT;
const FLOAT16 = TensorProto.DataType.FLOAT16;

/**
 * Operators whose ONNX type constraints exclude float16 for their float inputs (opset 17): they keep computing in
 * float32 between Casts. Everything a BERT-style export uses (MatMul, Add, LayerNormalization, Softmax, Erf, Gather,
 * ...) accepts float16, so such graphs get no Cast at all.
 */
const FLOAT32_ONLY_OPS: ReadonlySet<string> = new Set(['Range', 'RandomNormal', 'RandomUniform']);

/** Operators whose outputs are never float, whatever their inputs: their outputs stay out of the float set. */
const NON_FLOAT_OUTPUT_OPS: ReadonlySet<string> = new Set([
  'Shape',
  'Size',
  'NonZero',
  'ArgMax',
  'ArgMin',
  'Equal',
  'Greater',
  'GreaterOrEqual',
  'Less',
  'LessOrEqual',
  'Not',
  'And',
  'Or',
  'Xor',
  'IsNaN',
  'IsInf',
]);

export class Float16ConversionError extends Error {
  constructor(message: string) {
    super(`float16 conversion: ${message}`);
    this.name = 'Float16ConversionError';
  }
}

/**
 * The float16 version of a float32 ONNX model, as onnxconverter-common's `convert_float_to_float16` writes it and
 * transformers.js-style exports ship it (`onnx/model_fp16.onnx`): float32 initializers and Constant values become
 * float16 (finite values beyond ±65504 saturate), Casts to float32 cast to float16, float graph inputs, outputs and
 * value infos are declared float16 (so logits come out float16), and non-float inputs (input_ids, attention_mask)
 * are unchanged. Nodes of FLOAT32_ONLY_OPS are wrapped in Casts. Pure: the model passed in is not modified.
 * Initializers must be inline (load external data first); the main graph is converted, not subgraphs.
 */
export function convertModelToFloat16(model: onnx.IModelProto): onnx.IModelProto {
  const graph = model.graph;
  if (!graph) throw new Float16ConversionError('the model has no graph');
  const floatValues = new Set<string>();
  for (const value of [...(graph.input ?? [])]) if (isFloatValue(value)) floatValues.add(value.name ?? '');
  const initializer = (graph.initializer ?? []).map((tensor) => {
    if (tensor.dataType !== FLOAT) return tensor;
    floatValues.add(tensor.name ?? '');
    return float16Tensor(tensor);
  });

  const nodes: onnx.INodeProto[] = [];
  const usedNames = new Set((graph.node ?? []).flatMap((node) => [node.name ?? '', ...(node.output ?? [])]));
  const freshName = (base: string): string => {
    let name = base;
    for (let suffix = 1; usedNames.has(name); suffix += 1) name = `${base}_${suffix}`;
    usedNames.add(name);
    return name;
  };
  for (const node of graph.node ?? []) {
    const opType = node.opType ?? '';
    if ((node.domain ?? '') !== '' && node.domain !== 'ai.onnx') {
      throw new Float16ConversionError(
        `node ${node.name ?? opType} is of domain ${node.domain}, whose float16 support is unknown here`,
      );
    }
    const producesFloat = outputsFloat(node, floatValues);
    if (FLOAT32_ONLY_OPS.has(opType)) {
      const input = (node.input ?? []).map((name) => {
        if (!floatValues.has(name)) return name;
        const cast = freshName(`${name}_float32`);
        nodes.push(castNode(freshName(`${node.name ?? opType}/Cast_input`), name, cast, FLOAT));
        return cast;
      });
      const output = (node.output ?? []).map((name) => (producesFloat ? freshName(`${name}_float32`) : name));
      nodes.push({ ...node, input, output });
      output.forEach((name, index) => {
        const original = node.output?.[index];
        if (producesFloat && original) {
          nodes.push(castNode(freshName(`${node.name ?? opType}/Cast_output`), name, original, FLOAT16));
          floatValues.add(original);
        }
      });
      continue;
    }
    if (producesFloat) for (const name of node.output ?? []) floatValues.add(name);
    nodes.push({
      ...node,
      attribute: (node.attribute ?? []).map((attribute) => float16Attribute(attribute)),
    });
  }

  return {
    ...model,
    graph: {
      ...graph,
      node: nodes,
      initializer,
      input: (graph.input ?? []).map(float16ValueInfo),
      output: (graph.output ?? []).map(float16ValueInfo),
      valueInfo: (graph.valueInfo ?? []).map(float16ValueInfo),
    },
  };
}

/** Whether a node's outputs are float: a Cast to float, a float Constant, or an op fed any float value. */
function outputsFloat(node: onnx.INodeProto, floatValues: ReadonlySet<string>): boolean {
  const opType = node.opType ?? '';
  if (opType === 'Cast') return castTarget(node) === FLOAT;
  if (opType === 'Constant')
    return (node.attribute ?? []).some((attribute) => attribute.t?.dataType === FLOAT);
  if (NON_FLOAT_OUTPUT_OPS.has(opType)) return false;
  return (node.input ?? []).some((name) => floatValues.has(name));
}

function castTarget(node: onnx.INodeProto): number | undefined {
  const to = node.attribute?.find((attribute) => attribute.name === 'to')?.i;
  return to === undefined || to === null ? undefined : Number(to);
}

function float16Attribute(attribute: onnx.IAttributeProto): onnx.IAttributeProto {
  if (
    attribute.name === 'to' &&
    attribute.type === AttributeProto.AttributeType.INT &&
    Number(attribute.i) === FLOAT
  )
    return { ...attribute, i: FLOAT16 };
  if (attribute.t?.dataType === FLOAT) return { ...attribute, t: float16Tensor(attribute.t) };
  return attribute;
}

function float16Tensor(tensor: onnx.ITensorProto): onnx.ITensorProto {
  if (tensor.dataLocation === TensorProto.DataLocation.EXTERNAL || (tensor.externalData?.length ?? 0) > 0) {
    throw new Float16ConversionError(`initializer ${tensor.name} is in external data; load it inline first`);
  }
  const values = float32Values(tensor);
  const bits = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i += 1) bits[i] = float16Bits(values[i] as number);
  const { floatData: _floatData, rawData: _rawData, ...rest } = tensor;
  return { ...rest, dataType: FLOAT16, rawData: new Uint8Array(bits.buffer) };
}

/** A float32 tensor's values, from raw_data (little-endian) or float_data. */
function float32Values(tensor: onnx.ITensorProto): Float32Array {
  const raw = tensor.rawData;
  if (raw && raw.byteLength > 0) {
    if (raw.byteLength % 4 !== 0)
      throw new Float16ConversionError(`initializer ${tensor.name} has ${raw.byteLength} raw bytes`);
    // Copied: raw_data decoded from a file is a view at any byte offset, and Float32Array needs 4-byte alignment.
    return new Float32Array(new Uint8Array(raw).buffer);
  }
  return Float32Array.from(tensor.floatData ?? []);
}

function isFloatValue(value: onnx.IValueInfoProto): boolean {
  return value.type?.tensorType?.elemType === FLOAT;
}

function float16ValueInfo(value: onnx.IValueInfoProto): onnx.IValueInfoProto {
  if (!isFloatValue(value)) return value;
  return { ...value, type: { ...value.type, tensorType: { ...value.type?.tensorType, elemType: FLOAT16 } } };
}

function castNode(name: string, input: string, output: string, to: number): onnx.INodeProto {
  return {
    name,
    opType: 'Cast',
    input: [input],
    output: [output],
    attribute: [{ name: 'to', type: AttributeProto.AttributeType.INT, i: to }],
  };
}
