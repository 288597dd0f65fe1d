import onnxProto from 'onnx-proto';
import type { onnx } from 'onnx-proto';

// onnx-proto is CommonJS that assigns its namespace at run time, so Node cannot see a named `onnx` export.
const { TensorProto, AttributeProto } = onnxProto.onnx;

export const TensorType = {
  float: TensorProto.DataType.FLOAT,
  uint8: TensorProto.DataType.UINT8,
  int8: TensorProto.DataType.INT8,
  int32: TensorProto.DataType.INT32,
  int64: TensorProto.DataType.INT64,
} as const;
export type TensorTypeCode = (typeof TensorType)[keyof typeof TensorType];

export type AttributeValue = { int: number } | { float: number } | { ints: number[] };

/** A graph input or output; string dims are symbolic (dim_param). */
export interface GraphValue {
  name: string;
  type: TensorTypeCode;
  dims: (number | string)[];
}

export interface InitializerData {
  name: string;
  type: TensorTypeCode;
  dims: number[];
  /** Little-endian raw tensor bytes (ONNX raw_data layout). */
  bytes: Uint8Array;
}

/** Collects nodes and initializers with unique, scope-prefixed names, like the PyTorch exporter's "/a/b/MatMul". */
export class OnnxGraphBuilder {
  readonly nodes: onnx.INodeProto[] = [];
  readonly initializers: InitializerData[] = [];
  private readonly usedNames = new Set<string>();

  /** Adds a node and returns its output names. */
  node(
    opType: string,
    inputs: string[],
    scope: string,
    attributes: Record<string, AttributeValue> = {},
    outputCount = 1,
  ): string[] {
    const name = this.uniqueName(`${scope}/${opType}`);
    const outputs = Array.from({ length: outputCount }, (_, index) => `${name}_output_${index}`);
    this.nodes.push({
      name,
      opType,
      input: inputs,
      output: outputs,
      attribute: Object.entries(attributes).map(([attributeName, value]) =>
        toAttribute(attributeName, value),
      ),
    });
    return outputs;
  }

  /** Adds a single-output node and returns its output name. */
  op(
    opType: string,
    inputs: string[],
    scope: string,
    attributes: Record<string, AttributeValue> = {},
  ): string {
    const [output] = this.node(opType, inputs, scope, attributes, 1);
    if (output === undefined) throw new Error('unreachable: node without output');
    return output;
  }

  /** Renames a node output (e.g. to a graph output name such as "logits") everywhere it appears. */
  rename(from: string, to: string): void {
    for (const node of this.nodes) {
      node.output = node.output?.map((name) => (name === from ? to : name)) ?? null;
      node.input = node.input?.map((name) => (name === from ? to : name)) ?? null;
    }
  }

  initializer(name: string, type: TensorTypeCode, dims: number[], bytes: Uint8Array): string {
    if (this.usedNames.has(name)) throw new Error(`duplicate initializer name ${name}`);
    this.usedNames.add(name);
    this.initializers.push({ name, type, dims, bytes });
    return name;
  }

  floatTensor(name: string, dims: number[], values: Float32Array | number[]): string {
    const data = values instanceof Float32Array ? values : Float32Array.from(values);
    return this.initializer(name, TensorType.float, dims, littleEndianBytes(data));
  }

  int64Tensor(name: string, dims: number[], values: number[]): string {
    const data = BigInt64Array.from(values, (value) => BigInt(value));
    return this.initializer(name, TensorType.int64, dims, littleEndianBytes(data));
  }

  floatScalar(name: string, value: number): string {
    return this.floatTensor(name, [], [value]);
  }

  private uniqueName(base: string): string {
    let name = base;
    for (let suffix = 1; this.usedNames.has(name); suffix += 1) name = `${base}_${suffix}`;
    this.usedNames.add(name);
    return name;
  }
}

function toAttribute(name: string, value: AttributeValue): onnx.IAttributeProto {
  if ('int' in value) return { name, type: AttributeProto.AttributeType.INT, i: value.int };
  if ('float' in value) return { name, type: AttributeProto.AttributeType.FLOAT, f: value.float };
  return { name, type: AttributeProto.AttributeType.INTS, ints: value.ints };
}

/** A byte view of a typed array, without copying; ONNX raw_data is little-endian, as is every host we run on. */
export function littleEndianBytes(values: ArrayBufferView): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}
