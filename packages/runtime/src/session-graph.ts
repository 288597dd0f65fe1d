import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, normalize, sep } from 'node:path';
import onnxProto from 'onnx-proto';
import type { onnx } from 'onnx-proto';
import { locatePooledFeatures, type FeatureSupport } from './feature-output.ts';
import { cutWordEmbeddings, type WordEmbeddingCut } from './word-embedding-cut.ts';

// onnx-proto is CommonJS that assigns its namespace at run time, so Node cannot see a named `onnx` export.
const { ModelProto, TensorProto } = onnxProto.onnx;

/**
 * Weights smaller than this stay inside the graph: mapping costs a page per tensor at least, and biases and norms
 * are a few KB each.
 */
const MIN_MAPPED_BYTES = 4096;

/**
 * The graph a session is created from: the model's own graph, with its weights left where they are on disk and,
 * when asked, the pooled features as one more output. The bytes are small (the graph without its weights); ONNX
 * Runtime reads every weight from the model's folder (`externalDataFolder`), mapping the files rather than copying
 * them.
 */
export interface SessionGraph {
  bytes: Uint8Array;
  /** Where the graph's external data resolves: the model file's own folder. */
  externalDataFolder: string;
  support: FeatureSupport;
  /** Bytes of weights stored inside the graph file that the session reads in place (by offset into that file). */
  weightsReadInPlace: number;
  /** Whether the word embedding lookup was taken out of the graph (when asked): its table, or why it stayed. */
  wordEmbeddings?: WordEmbeddingCut;
}

/**
 * Prepares a graph file for ONNX Runtime without copying its weights. Exporters write models under 2 GB as one
 * protobuf file with every weight inline (the int8 graph of DistilBERT multilingual: 130 MB; its fp32 graph on the
 * hub: 541 MB). Loaded as it is, ONNX Runtime parses the file into memory and copies each weight out of it, and all
 * of it stays resident: the 92 MB int8 embedding table too, although a workload touches only the rows of the tokens
 * it sees. Here each inline weight becomes external data that points back into the model file itself, at the offset
 * where its bytes already are, so ONNX Runtime maps the file: a 130 MB int8 model then costs the worker ~110 MB less
 * RSS (bench/NOTES.md), and nothing is written anywhere (a read-only model volume stays untouched, and a 541 MB
 * model is never copied into a size-limited /tmp). Graphs that already keep their weights in external files keep
 * them there. The model files must not be rewritten in place while a session uses them (write a new version beside
 * it and rename, as the model store does).
 */
export async function prepareSessionGraph(
  modelPath: string,
  options: { features: boolean; cutWordEmbeddings?: boolean },
): Promise<SessionGraph> {
  const file = await readFile(modelPath).catch((error: unknown) => {
    throw new Error(`cannot read it: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  });
  let model: onnx.ModelProto;
  try {
    model = ModelProto.decode(file);
  } catch (error) {
    throw new Error(`not a valid ONNX graph: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const graph = model.graph;
  if (!graph) throw new Error('not a valid ONNX graph: it holds no graph');
  checkExternalLocations(graph);
  const outputs = graph.output ?? [];
  let support: FeatureSupport = { available: false, reason: 'the model was loaded without features' };
  if (options.features && outputs.length === 0)
    support = { available: false, reason: 'the graph has no outputs' };
  else if (options.features) {
    const logits = outputs.find((output) => output.name === 'logits') ?? outputs[0]!;
    const located = locatePooledFeatures(graph, logits.name ?? '');
    support = located;
    if (located.available && !outputs.some((output) => output.name === located.outputName)) {
      // The features are of the logits' type: float16 in a float16 graph (onnx/model_fp16.onnx).
      outputs.push({
        name: located.outputName,
        type: {
          tensorType: { elemType: logits.type?.tensorType?.elemType ?? TensorProto.DataType.FLOAT },
        },
      });
    }
  }

  let weightsReadInPlace = 0;
  const location = basename(modelPath);
  // Initializers only: Constant nodes' tensors are small in exported classifiers, and external data in a node
  // attribute is a path ONNX Runtime's loaders take less often.
  for (const tensor of graph.initializer ?? []) {
    const raw = tensor.rawData;
    // protobufjs decodes bytes fields as views of the buffer it read; a copy would have no offset in the file.
    if (!raw || raw.byteLength < MIN_MAPPED_BYTES || raw.buffer !== file.buffer) continue;
    const offset = raw.byteOffset - file.byteOffset;
    if (offset < 0 || offset + raw.byteLength > file.byteLength) continue;
    tensor.rawData = new Uint8Array(0);
    tensor.dataLocation = TensorProto.DataLocation.EXTERNAL;
    tensor.externalData = [
      { key: 'location', value: location },
      { key: 'offset', value: String(offset) },
      { key: 'length', value: String(raw.byteLength) },
    ];
    weightsReadInPlace += raw.byteLength;
  }
  // After the weights point into files: the table is then read where it lies.
  const wordEmbeddings = options.cutWordEmbeddings ? cutWordEmbeddings(graph, modelPath) : undefined;
  // A fresh buffer: nothing in it refers to the file's, which is garbage once this returns.
  const bytes = ModelProto.encode(model).finish().slice();
  return {
    bytes,
    externalDataFolder: dirname(modelPath),
    support,
    weightsReadInPlace,
    ...(wordEmbeddings ? { wordEmbeddings } : {}),
  };
}

/**
 * External data must lie inside the model's folder: ONNX Runtime refuses anything else too, but says so less
 * clearly, and a graph that names `../../etc/shadow` is not one to hand it.
 */
function checkExternalLocations(graph: onnx.IGraphProto): void {
  const tensors = [
    ...(graph.initializer ?? []),
    ...(graph.node ?? []).flatMap((node) => (node.attribute ?? []).flatMap((attribute) => attribute.t ?? [])),
  ];
  for (const tensor of tensors) {
    if (tensor.dataLocation !== TensorProto.DataLocation.EXTERNAL) continue;
    const location = tensor.externalData?.find((entry) => entry.key === 'location')?.value;
    if (!location) throw new Error(`tensor "${tensor.name}" has external data without a location`);
    const normalized = normalize(location);
    if (isAbsolute(normalized) || normalized === '..' || normalized.startsWith(`..${sep}`)) {
      throw new Error(
        `external data "${location}" of tensor "${tensor.name}" is not inside the model's folder`,
      );
    }
  }
}
