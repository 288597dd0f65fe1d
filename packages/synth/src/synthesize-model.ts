import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { buildDistilBertGraph } from './distilbert-onnx-graph.ts';
import type { GraphPrecision } from './distilbert-onnx-graph.ts';
import { countParameters, generateDistilBertWeights } from './distilbert-weights.ts';
import type { DistilBertWeights } from './distilbert-weight-tensors.ts';
import { distilBertConfigJson } from './model-config.ts';
import { findMultilingualTokenizer } from './multilingual-tokenizer-locator.ts';
import { convertModelToFloat16 } from './float16-model-conversion.ts';
import { calibrationSequences } from './calibration-sequences.ts';
import { STATIC_INT8_MODEL_PATH, writeStaticInt8Model } from './static-int8-model-file.ts';
import { onnxModelProto, writeOnnxModel, writeOnnxModelProto } from './onnx-model-writer.ts';
import { BUILT_IN_VOCABULARY_PRESETS, PRESET_SHAPES, isSynthPreset } from './preset-shapes.ts';
import type { SynthPreset } from './preset-shapes.ts';
import { buildTinyVocabulary } from './tiny-vocabulary.ts';
import { specialTokensMapJson, tokenizerConfigJson, wordPieceTokenizerJson } from './tokenizer-files.ts';

export interface SynthOptions {
  preset: SynthPreset;
  outDir: string;
  /**
   * Also write onnx/model_int8_static.onnx (int8 weights, uint8 activations with scales calibrated once, on random
   * token sequences: batch-invariant) and onnx/model_quantized.onnx (dynamic quantisation, as Hugging Face exports).
   */
  int8?: boolean;
  /** Also write onnx/model_fp16.onnx: the fp32 graph converted to float16 (convertModelToFloat16), for GPUs. */
  fp16?: boolean;
  /** Default 42; the same seed gives byte-identical files. */
  seed?: number;
  /** distilbert-multilingual only: the real tokenizer.json; default findMultilingualTokenizer(). */
  tokenizerPath?: string;
  onProgress?: (message: string) => void;
}

export interface SynthResult {
  /** Absolute path of the model directory. */
  outDir: string;
  /** Files written, relative to outDir, '/'-separated, sorted. */
  files: string[];
  /** fp32 parameter count. */
  parameters: number;
}

const DEFAULT_SEED = 42;
const PRODUCER_VERSION = '0.1.0';
// Above this the fp32 weights go to model.onnx_data: ONNX Runtime then loads a session in a fraction of the time
// it needs to parse the same bytes out of a protobuf.
const EXTERNAL_DATA_MIN_PARAMETERS = 10_000_000;

/**
 * Writes a synthetic DistilBertForSequenceClassification model in the Hugging Face ONNX export layout
 * (config.json, tokenizer files, onnx/model.onnx[, onnx/model_quantized.onnx and onnx/model_int8_static.onnx]
 * [, onnx/model_fp16.onnx]) to `outDir`.
 */
export async function synthesizeModel(options: SynthOptions): Promise<SynthResult> {
  const { preset, int8 = false, fp16 = false, seed = DEFAULT_SEED } = options;
  if (!isSynthPreset(preset))
    throw new Error(
      `unknown preset ${String(preset)}; expected one of ${Object.keys(PRESET_SHAPES).join(', ')}`,
    );
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const progress = options.onProgress ?? (() => {});
  const outDir = resolve(options.outDir);
  const shape = PRESET_SHAPES[preset];
  const written: string[] = [];
  await mkdir(join(outDir, 'onnx'), { recursive: true });

  // Tokenizer first: a missing multilingual tokenizer should fail before minutes of weight generation.
  const tokenizerFile = join(outDir, 'tokenizer.json');
  if (BUILT_IN_VOCABULARY_PRESETS.includes(preset)) {
    await writeFile(tokenizerFile, JSON.stringify(wordPieceTokenizerJson(buildTinyVocabulary())));
  } else {
    const source = options.tokenizerPath ?? findMultilingualTokenizer();
    progress(`copying tokenizer from ${source}`);
    // Read and written rather than copyFile, which would carry over the shared file's read-only mode.
    await writeFile(tokenizerFile, await readMatchingTokenizer(source, shape.vocabSize));
  }
  written.push(tokenizerFile);
  written.push(await writeJson(join(outDir, 'tokenizer_config.json'), tokenizerConfigJson()));
  written.push(await writeJson(join(outDir, 'special_tokens_map.json'), specialTokensMapJson()));
  written.push(await writeJson(join(outDir, 'config.json'), distilBertConfigJson(shape, preset, seed)));

  progress(`generating ${preset} weights (seed ${seed})`);
  const weights = generateDistilBertWeights(shape, seed);
  const parameters = countParameters(weights);
  const externalData = parameters >= EXTERNAL_DATA_MIN_PARAMETERS;

  progress(`writing onnx/model.onnx (${parameters.toLocaleString('en-US')} parameters)`);
  written.push(...(await writeModel(weights, 'fp32', join(outDir, 'onnx', 'model.onnx'), externalData)));
  if (int8) {
    progress('quantising to onnx/model_quantized.onnx');
    written.push(...(await writeModel(weights, 'int8', join(outDir, 'onnx', 'model_quantized.onnx'), false)));
    progress(`calibrating and quantising to ${STATIC_INT8_MODEL_PATH}`);
    const staticModel = await writeStaticInt8Model(
      join(outDir, 'onnx', 'model.onnx'),
      join(outDir, STATIC_INT8_MODEL_PATH),
      calibrationSequences(shape.vocabSize),
    );
    written.push(...staticModel.files);
  }
  if (fp16) {
    progress('converting to onnx/model_fp16.onnx');
    const graph = buildDistilBertGraph(weights, 'fp32');
    const model = convertModelToFloat16(onnxModelProto({ ...graph, producerVersion: PRODUCER_VERSION }));
    written.push(
      ...(await writeOnnxModelProto(model, join(outDir, 'onnx', 'model_fp16.onnx'), externalData)),
    );
  }

  const files = written.map((file) => relative(outDir, file).split('\\').join('/')).sort();
  progress(`wrote ${files.length} files to ${outDir}`);
  return { outDir, files, parameters };
}

async function writeModel(
  weights: DistilBertWeights,
  precision: GraphPrecision,
  path: string,
  externalData: boolean,
): Promise<string[]> {
  const graph = buildDistilBertGraph(weights, precision);
  return writeOnnxModel({ ...graph, producerVersion: PRODUCER_VERSION }, path, externalData);
}

async function writeJson(path: string, value: unknown): Promise<string> {
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
  return path;
}

/** The embedding table is sized from the preset, so a tokenizer with another vocabulary would index past it. */
async function readMatchingTokenizer(tokenizerPath: string, expected: number): Promise<Buffer> {
  const info = await stat(tokenizerPath).catch(() => undefined);
  if (!info?.isFile()) throw new Error(`tokenizer ${tokenizerPath} does not exist`);
  const contents = await readFile(tokenizerPath);
  const parsed = JSON.parse(contents.toString('utf8')) as { model?: { vocab?: Record<string, number> } };
  const vocabulary = parsed.model?.vocab;
  if (!vocabulary)
    throw new Error(`${tokenizerPath} has no model.vocab; expected a WordPiece tokenizer.json`);
  const size = Object.keys(vocabulary).length;
  if (size !== expected) throw new Error(`${tokenizerPath} has ${size} tokens; the preset needs ${expected}`);
  return contents;
}
