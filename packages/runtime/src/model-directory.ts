import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ModelLoadError } from './model-load-error.ts';

export type ModelDtype = 'fp32' | 'int8' | 'fp16';

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
  int8: ['onnx/model_quantized.onnx', 'model_quantized.onnx'],
  fp16: ['onnx/model_fp16.onnx', 'model_fp16.onnx'],
};

const MISSING_HINT: Record<ModelDtype, string> = {
  fp32: '',
  int8: ' (create one with `sieve models synth --int8` or pull the quantized export)',
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
