import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ModelFiles } from './model-directory.ts';

/** The files whose bytes decide a model's behaviour: config, tokenizer, graph and its external weights. */
export function servedFiles(files: ModelFiles): string[] {
  const external = [`${files.onnx}_data`, `${files.onnx}.data`].filter((path) => existsSync(path));
  return [files.config, files.tokenizer, files.onnx, ...external];
}

/**
 * sha256 over the served files (name, size and content, in a fixed order), so that any change to weights,
 * tokenizer or config changes the digest every response reports.
 */
export async function digestModelFiles(files: ModelFiles): Promise<string> {
  const hash = createHash('sha256');
  for (const file of servedFiles(files)) {
    hash.update(`${basename(file)}\0${statSync(file).size}\0`);
    for await (const chunk of createReadStream(file, { highWaterMark: 4 << 20 }))
      hash.update(chunk as Buffer);
  }
  return `sha256:${hash.digest('hex')}`;
}
