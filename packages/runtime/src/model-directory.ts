import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ModelLoadError } from './model-load-error.ts';

/**
 * int8 is the statically quantised graph (fixed activation scales: a text's answer does not depend on its batch);
 * int8-dynamic the Hugging Face export's dynamically quantised one, whose scales follow each batch tensor.
 */
export type ModelDtype = 'fp32' | 'int8' | 'int8-dynamic' | 'fp16';

/** The files of a model directory in the Hugging Face export layout. */
export interface ModelFiles {
  dir: string;
  config: string;
  tokenizer: string;
  onnx: string;
  dtype: ModelDtype;
}

const ONNX_CANDIDATES: Record<ModelDtype, string[]> = {
  fp32: ['onnx/model.onnx', 'model.onnx'],
  int8: ['onnx/model_int8_static.onnx', 'model_int8_static.onnx'],
  'int8-dynamic': ['onnx/model_quantized.onnx', 'model_quantized.onnx'],
  fp16: ['onnx/model_fp16.onnx', 'model_fp16.onnx'],
};

const MISSING_HINT: Record<ModelDtype, string> = {
  fp32: '',
  int8: " (create one with `sieve models quantize --calibration FILE DIR`, or serve the hub's dynamically quantised graph with dtype int8-dynamic)",
  'int8-dynamic': ' (create one with `sieve models synth --int8` or `sieve models pull --dtype int8`)',
  fp16: ' (create one with `sieve models synth --fp16` or `sieve models pull --dtype fp16`)',
};

/** Finds config.json, tokenizer.json and the ONNX graph of the wanted dtype, or says which one is missing. */
export function locateModelFiles(dir: string, dtype: ModelDtype = 'fp32'): ModelFiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ModelLoadError(dir, 'model directory does not exist');
  }
  const config = join(dir, 'config.json');
  const tokenizer = join(dir, 'tokenizer.json');
  for (const file of [config, tokenizer]) {
    if (!existsSync(file)) throw new ModelLoadError(file, 'missing from the model directory');
  }
  const onnx = ONNX_CANDIDATES[dtype].map((name) => join(dir, name)).find((path) => existsSync(path));
  if (!onnx) {
    const tried = ONNX_CANDIDATES[dtype].join(' or ');
    const hint = MISSING_HINT[dtype];
    throw new ModelLoadError(join(dir, ONNX_CANDIDATES[dtype][0]!), `missing: no ${tried} in ${dir}${hint}`);
  }
  return { dir, config, tokenizer, onnx, dtype };
}

/**
 * Bytes of the graph files a dtype loads: the graph and its external data beside it (`<graph>_data` as the Hugging
 * Face exports and `sieve models synth` write it, or `<graph>.data`). What the memory bound is a multiple of;
 * undefined when the directory has no such graph (loading it says why).
 */
export function modelGraphBytes(dir: string, dtype: ModelDtype): number | undefined {
  let files: ModelFiles;
  try {
    files = locateModelFiles(dir, dtype);
  } catch {
    return undefined;
  }
  return [files.onnx, `${files.onnx}_data`, `${files.onnx}.data`]
    .filter((path) => existsSync(path))
    .reduce((sum, path) => sum + statSync(path).size, 0);
}

/**
 * Bytes of the word embedding table a CPU session reads outside its graph (see cutWordEmbeddings), from config.json's
 * vocabulary size and width: 4 bytes a value in an fp32 graph, 1 in an int8 one. 0 where nothing is cut (fp16 keeps
 * its table) or the config does not say (the layout then counts the whole graph per session).
 */
export function wordEmbeddingTableBytes(dir: string, dtype: ModelDtype): number {
  const bytesPerValue = dtype === 'fp32' ? 4 : dtype === 'int8' || dtype === 'int8-dynamic' ? 1 : 0;
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return 0;
  }
  const vocabulary = config.vocab_size;
  const width = config.dim ?? config.hidden_size;
  if (typeof vocabulary !== 'number' || typeof width !== 'number') return 0;
  return vocabulary * width * bytesPerValue;
}
