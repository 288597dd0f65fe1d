import { open, writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { basename } from 'node:path';
import onnxProto from 'onnx-proto';
import type { onnx } from 'onnx-proto';
import type { GraphValue, InitializerData, OnnxGraphBuilder } from './onnx-graph-builder.ts';

const { ModelProto, TensorProto } = onnxProto.onnx;

const IR_VERSION = 8;
const OPSET_VERSION = 17;
// Page-aligned tensors let ONNX Runtime map external data without copying.
const EXTERNAL_DATA_ALIGNMENT = 4096;
// onnx.save_model's default: small tensors stay inline, where they cost nothing.
const EXTERNAL_DATA_MIN_BYTES = 1024;

export interface OnnxModelDescription {
  builder: OnnxGraphBuilder;
  inputs: GraphValue[];
  outputs: GraphValue[];
  producerVersion: string;
}

/** The model a graph description stands for, every initializer inline. */
export function onnxModelProto(description: OnnxModelDescription): onnx.IModelProto {
  return {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET_VERSION }],
    producerName: 'sieve-synth',
    producerVersion: description.producerVersion,
    graph: {
      name: 'main_graph',
      node: description.builder.nodes,
      initializer: description.builder.initializers.map(inlineTensor),
      input: description.inputs.map(valueInfo),
      output: description.outputs.map(valueInfo),
    },
  };
}

/**
 * Serialises a graph to `modelPath`. With `externalData`, large initializers go to `<modelPath>_data` (the
 * layout torch.onnx.export and Optimum use for model.onnx_data); returns the paths written.
 */
export async function writeOnnxModel(
  description: OnnxModelDescription,
  modelPath: string,
  externalData: boolean,
): Promise<string[]> {
  return writeOnnxModelProto(onnxModelProto(description), modelPath, externalData);
}

/** Serialises a model whose initializers are inline (raw_data), moving the large ones out as writeOnnxModel does. */
export async function writeOnnxModelProto(
  model: onnx.IModelProto,
  modelPath: string,
  externalData: boolean,
): Promise<string[]> {
  if (endianness() !== 'LE')
    throw new Error('ONNX raw tensor data is little-endian; this host is big-endian');
  const dataPath = `${modelPath}_data`;
  const initializers: onnx.ITensorProto[] = [];
  const external: { bytes: Uint8Array; offset: number }[] = [];
  let dataLength = 0;
  for (const initializer of model.graph?.initializer ?? []) {
    const bytes = initializer.rawData;
    if (externalData && bytes && bytes.byteLength >= EXTERNAL_DATA_MIN_BYTES) {
      const offset = Math.ceil(dataLength / EXTERNAL_DATA_ALIGNMENT) * EXTERNAL_DATA_ALIGNMENT;
      external.push({ bytes, offset });
      dataLength = offset + bytes.byteLength;
      initializers.push(externalTensor(initializer, bytes.byteLength, basename(dataPath), offset));
    } else {
      initializers.push(initializer);
    }
  }

  await writeFile(
    modelPath,
    ModelProto.encode({ ...model, graph: { ...model.graph, initializer: initializers } }).finish(),
  );
  if (external.length === 0) return [modelPath];

  const handle = await open(dataPath, 'w');
  try {
    let position = 0;
    for (const { bytes, offset } of external) {
      // Explicit zero padding rather than a sparse hole, so the file reads the same on every filesystem.
      if (offset > position)
        await handle.write(new Uint8Array(offset - position), 0, offset - position, position);
      await handle.write(bytes, 0, bytes.byteLength, offset);
      position = offset + bytes.byteLength;
    }
  } finally {
    await handle.close();
  }
  return [modelPath, dataPath];
}

function inlineTensor(initializer: InitializerData): onnx.ITensorProto {
  return {
    name: initializer.name,
    dataType: initializer.type,
    dims: initializer.dims,
    rawData: initializer.bytes,
  };
}

function externalTensor(
  initializer: onnx.ITensorProto,
  length: number,
  location: string,
  offset: number,
): onnx.ITensorProto {
  return {
    name: initializer.name,
    dataType: initializer.dataType,
    dims: initializer.dims,
    dataLocation: TensorProto.DataLocation.EXTERNAL,
    externalData: [
      { key: 'location', value: location },
      { key: 'offset', value: String(offset) },
      { key: 'length', value: String(length) },
    ],
  };
}

function valueInfo(value: GraphValue): onnx.IValueInfoProto {
  return {
    name: value.name,
    type: {
      tensorType: {
        elemType: value.type,
        shape: {
          dim: value.dims.map((dim) => (typeof dim === 'string' ? { dimParam: dim } : { dimValue: dim })),
        },
      },
    },
  };
}
