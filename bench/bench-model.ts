import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { synthesizeModel } from '@sieve/synth';

const CACHE_DIR = fileURLToPath(new URL('../.cache/bench/', import.meta.url));

/**
 * The benchmark's model: `distilbert-multilingual` from `sieve models synth --int8` (the real model's shape and
 * cost, random weights), made once into .cache/bench/ (ignored by git) and reused. `--model-dir` overrides it.
 */
export async function benchModelDir(explicit?: string): Promise<string> {
  if (explicit) return explicit;
  const dir = join(CACHE_DIR, 'distilbert-multilingual');
  if (!existsSync(join(dir, 'onnx', 'model_quantized.onnx'))) {
    console.error(`bench: synthesizing distilbert-multilingual (fp32 + int8) into ${dir} (~30 s, once)`);
    await synthesizeModel({ preset: 'distilbert-multilingual', outDir: dir, int8: true, seed: 42 });
  }
  return dir;
}

/** Bytes of the graph files a dtype loads (fp32: model.onnx and its external data; int8: model_quantized.onnx). */
export function modelFileMb(dir: string, dtype: 'fp32' | 'int8'): number {
  const files =
    dtype === 'int8' ? ['onnx/model_quantized.onnx'] : ['onnx/model.onnx', 'onnx/model.onnx_data'];
  const bytes = files
    .map((file) => join(dir, file))
    .filter((path) => existsSync(path))
    .reduce((sum, path) => sum + statSync(path).size, 0);
  return Math.round(bytes / 2 ** 20);
}
