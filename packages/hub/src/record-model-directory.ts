import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256File } from './file-sha256.ts';
import { MODEL_DTYPES, type ModelDtype } from './model-catalog.ts';
import { readModelConfigSummary } from './model-config-summary.ts';
import { writeManifest, type ManifestFile, type ModelManifest } from './model-manifest.ts';

/** Where each dtype's graph sits in the Hugging Face export layout. */
const GRAPH_OF: Readonly<Record<ModelDtype, string>> = {
  fp32: 'onnx/model.onnx',
  int8: 'onnx/model_quantized.onnx',
  fp16: 'onnx/model_fp16.onnx',
};

export interface RecordModelDirectoryOptions {
  /** The store's folder name: `<store>/<name>/<version>/`. */
  name: string;
  version: string;
  /** What made the files, e.g. `{ repo: 'sieve-synth/tiny', revision: 'seed-42' }` for a synthesized model. */
  source: { repo: string; revision: string };
  /** '/'-separated paths relative to `dir`: every file the model needs. */
  files: readonly string[];
}

/**
 * Writes the manifest of a model directory made here rather than pulled (a synthesized one): each file's sha256 and
 * size, the labels and length from config.json, and the time, by one rename and after every file is in place, so
 * that the store's rule holds for it too: a version directory with a manifest is complete, and a worker refuses a
 * file changed since.
 */
export async function recordModelDirectory(
  dir: string,
  options: RecordModelDirectoryOptions,
): Promise<ModelManifest> {
  const files: Record<string, ManifestFile> = {};
  for (const path of [...options.files].sort()) {
    const full = join(dir, path);
    files[path] = { sha256: await sha256File(full), size: (await stat(full)).size };
  }
  const summary = await readModelConfigSummary(join(dir, 'config.json'), 'config.json');
  const manifest: ModelManifest = {
    manifestVersion: 1,
    name: options.name,
    version: options.version,
    source: { ...options.source, requestedRevision: options.source.revision },
    files,
    dtypes: MODEL_DTYPES.filter((dtype) => files[GRAPH_OF[dtype]] !== undefined),
    labels: summary.labels,
    maxLength: summary.maxLength,
    pulledAt: new Date().toISOString(),
  };
  await writeManifest(dir, manifest);
  return manifest;
}
