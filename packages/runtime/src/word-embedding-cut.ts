import { dirname, join } from 'node:path';
import onnxProto from 'onnx-proto';
import type { onnx } from 'onnx-proto';
import type { WordEmbeddingTable } from './word-embedding-rows.ts';

const { TensorProto } = onnxProto.onnx;
const { DataType } = TensorProto;

/** What cutWordEmbeddings did: the table now read outside the graph, or why the graph keeps it. */
export type WordEmbeddingCut = { table: WordEmbeddingTable } | { kept: string };

/**
 * Takes the word embedding lookup out of a CPU graph: the Gather of `input_ids` from the table (and, in an 8-bit
 * graph, the DequantizeLinear of its rows, quantize_dynamic's layout) is removed, the table's initializer with it,
 * and the lookup's output becomes a graph input the session feeds with rows read by WordEmbeddingRows.
 *
 * Why: each onnxruntime-node session maps the model file itself and RSS counts a page once per mapping, so with
 * one-thread sessions side by side (the fastest CPU layout) every session held the table's touched pages again, and
 * two sessions passed the worker's memory bound (bench/NOTES.md, 2026-12-06 14:00). The rest of the weights is
 * prepacked by each session anyway. Only the exact patterns below are cut; anything else (a float16 table, a scale
 * per row, a table shared with another node) keeps the graph as it is. The graph's external data must already
 * point into files (prepareSessionGraph has done that), since the table is read where it lies.
 */
export function cutWordEmbeddings(graph: onnx.IGraphProto, modelPath: string): WordEmbeddingCut {
  const nodes = graph.node ?? [];
  const initializers = new Map((graph.initializer ?? []).map((tensor) => [tensor.name ?? '', tensor]));
  const lookup = nodes.find(
    (node) =>
      node.opType === 'Gather' &&
      node.input?.[1] === 'input_ids' &&
      initializers.has(node.input?.[0] ?? '') &&
      !(node.attribute ?? []).some((attribute) => attribute.name === 'axis' && Number(attribute.i) !== 0),
  );
  if (!lookup) return { kept: 'no Gather of input_ids from an initializer' };
  const tableName = lookup.input![0]!;
  const tensor = initializers.get(tableName)!;
  const dims = (tensor.dims ?? []).map(Number);
  if (dims.length !== 2) return { kept: `the table "${tableName}" is not two-dimensional` };
  const consumersOf = (name: string) => nodes.filter((node) => (node.input ?? []).includes(name));
  if (consumersOf(tableName).length !== 1)
    return { kept: `the table "${tableName}" is used by another node` };
  const place = externalPlace(tensor, modelPath);
  if (!place) return { kept: `the table "${tableName}" is not stored as raw bytes in a file` };
  const elementBytes = tensor.dataType === DataType.FLOAT ? 4 : 1;
  if (place.length !== undefined && place.length < dims[0]! * dims[1]! * elementBytes)
    return { kept: `the table "${tableName}" is shorter than its ${dims[0]} x ${dims[1]} values` };

  let encoding: WordEmbeddingTable['encoding'];
  let removed: onnx.INodeProto[];
  let removedTensors: string[];
  let output: string;
  if (tensor.dataType === DataType.FLOAT) {
    encoding = { type: 'float32' };
    removed = [lookup];
    removedTensors = [tableName];
    output = lookup.output![0]!;
  } else if (tensor.dataType === DataType.INT8 || tensor.dataType === DataType.UINT8) {
    const [dequantize, ...others] = consumersOf(lookup.output![0]!);
    if (!dequantize || others.length > 0 || dequantize.opType !== 'DequantizeLinear')
      return { kept: `the 8-bit table "${tableName}" is not dequantised by one DequantizeLinear` };
    const [, scaleName, zeroPointName] = dequantize.input ?? [];
    const scale = scalarOf(initializers.get(scaleName ?? ''));
    const zeroPoint = zeroPointName ? scalarOf(initializers.get(zeroPointName)) : 0;
    if (scale === undefined || zeroPoint === undefined)
      return { kept: `the 8-bit table "${tableName}" has no single scale and zero point` };
    if ((dequantize.attribute ?? []).some((attribute) => attribute.name === 'output_dtype'))
      return { kept: `the 8-bit table "${tableName}" is dequantised to a type other than float32` };
    encoding = { type: tensor.dataType === DataType.INT8 ? 'int8' : 'uint8', scale, zeroPoint };
    removed = [lookup, dequantize];
    removedTensors = [tableName, ...[scaleName, zeroPointName].filter((name): name is string => !!name)];
    output = dequantize.output![0]!;
    // The scale and zero point may serve other nodes too: only drop what nothing else reads.
    removedTensors = removedTensors.filter(
      (name) => name === tableName || consumersOf(name).every((node) => node === dequantize),
    );
  } else {
    return { kept: `the table "${tableName}" is of ONNX type ${tensor.dataType}, not float32 or 8-bit` };
  }

  graph.node = nodes.filter((node) => !removed.includes(node));
  graph.initializer = (graph.initializer ?? []).filter((entry) => !removedTensors.includes(entry.name ?? ''));
  graph.valueInfo = (graph.valueInfo ?? []).filter((entry) => entry.name !== output);
  if (consumersOf('input_ids').every((node) => removed.includes(node))) {
    graph.input = (graph.input ?? []).filter((entry) => entry.name !== 'input_ids');
  }
  graph.input = [
    ...(graph.input ?? []),
    {
      name: output,
      type: {
        tensorType: {
          elemType: DataType.FLOAT,
          shape: {
            dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }, { dimValue: dims[1]! }],
          },
        },
      },
    },
  ];
  return {
    table: {
      inputName: output,
      file: place.file,
      offset: place.offset,
      rows: dims[0]!,
      width: dims[1]!,
      encoding,
    },
  };
}

/** Where a session looks its word embeddings up, for the worker's "model loaded" line. */
export function describeWordEmbeddings(cut: WordEmbeddingCut | undefined): string {
  if (!cut) return 'in the graph';
  if ('kept' in cut) return `in the graph: ${cut.kept}`;
  const { rows, width, encoding } = cut.table;
  return `read from the model file per batch (${rows} x ${width} ${encoding.type})`;
}

/** The file and offset of an external tensor whose bytes are stored raw (ONNX external data is little-endian). */
function externalPlace(
  tensor: onnx.ITensorProto,
  modelPath: string,
): { file: string; offset: number; length?: number } | undefined {
  if (tensor.dataLocation !== TensorProto.DataLocation.EXTERNAL) return undefined;
  const entry = (key: string) => tensor.externalData?.find((item) => item.key === key)?.value;
  const location = entry('location');
  if (!location) return undefined;
  const length = entry('length');
  return {
    file: join(dirname(modelPath), location),
    offset: Number(entry('offset') ?? 0),
    ...(length !== undefined ? { length: Number(length) } : {}),
  };
}

/** The one value of a scalar (or one-element) initializer stored inline: a scale or a zero point. */
function scalarOf(tensor: onnx.ITensorProto | undefined): number | undefined {
  if (!tensor || tensor.dataLocation === TensorProto.DataLocation.EXTERNAL) return undefined;
  if ((tensor.dims ?? []).reduce<number>((product, dim) => product * Number(dim), 1) !== 1) return undefined;
  const raw = tensor.rawData;
  const view =
    raw && raw.byteLength > 0 ? new DataView(raw.buffer, raw.byteOffset, raw.byteLength) : undefined;
  switch (tensor.dataType) {
    case DataType.FLOAT:
      return view ? view.getFloat32(0, true) : tensor.floatData?.[0];
    case DataType.INT8:
      return view ? view.getInt8(0) : tensor.int32Data?.[0];
    case DataType.UINT8:
      return view ? view.getUint8(0) : tensor.int32Data?.[0];
    default:
      return undefined;
  }
}
