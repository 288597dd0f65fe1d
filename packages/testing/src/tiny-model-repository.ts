import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesizeModel } from '@sieve/synth';
import type { FakeRepoFile } from './fake-hub-server.ts';

const EXPORT_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'];
const GRAPHS = ['onnx/model.onnx', 'onnx/model_quantized.onnx'];
const FP16_GRAPH = 'onnx/model_fp16.onnx';

let synthesized: Promise<string> | undefined;

/**
 * The files of a hub repository holding the `tiny` synthetic model (seed 42) in the transformers.js export layout,
 * for FakeHub: real graphs, so that a pulled model can be served or converted. `fp16: true` gives a repository that
 * ships onnx/model_fp16.onnx, as current transformers.js exports do; `false` one without, as older exports are.
 */
export async function tinyModelRepository(options: { fp16: boolean }): Promise<Record<string, FakeRepoFile>> {
  if (!synthesized) {
    const outDir = mkdtempSync(join(tmpdir(), 'sieve-tiny-repository-'));
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
    synthesized = synthesizeModel({ preset: 'tiny', outDir, int8: true, fp16: true }).then(() => outDir);
  }
  const dir = await synthesized;
  const paths = [...EXPORT_FILES, ...GRAPHS, ...(options.fp16 ? [FP16_GRAPH] : [])];
  return Object.fromEntries(
    paths.map((path) => [path, { content: readFileSync(join(dir, path)), lfs: path.endsWith('.onnx') }]),
  );
}
