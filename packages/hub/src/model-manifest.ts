import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ManifestError } from './manifest-error.ts';
import { MODEL_DTYPES, type ModelDtype } from './model-catalog.ts';
import { isSafeRelativePath } from './safe-relative-path.ts';

export const MANIFEST_FILE = 'manifest.json';

export interface ManifestFile {
  /** Lowercase hex sha256 of the content. */
  sha256: string;
  size: number;
}

/** What a pull fetched and verified; written last, so its presence means the directory is complete. */
export interface ModelManifest {
  manifestVersion: 1;
  name: string;
  /** The store folder: the first 12 hex digits of the commit. */
  version: string;
  source: {
    repo: string;
    /** Full commit id the files were fetched at; later pulls stay on it. */
    revision: string;
    /** What was asked for (a branch, tag or commit), for people reading the manifest. */
    requestedRevision: string;
  };
  /** '/'-separated paths relative to the model directory. */
  files: Record<string, ManifestFile>;
  dtypes: ModelDtype[];
  /** Labels in output order, from config.json id2label. */
  labels: string[];
  /** Tokens per sequence, special tokens included. */
  maxLength: number;
  /** ISO 8601 time the directory was last completed (by a pull, or by `sieve models synth`): the store's newest
   * version of a name is the one with the latest. */
  pulledAt: string;
}

/** Reads and checks `<dir>/manifest.json`. */
export async function readManifest(dir: string): Promise<ModelManifest> {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const problem =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'missing: this directory was not made by a completed `sieve models pull`'
        : `unreadable (${(error as Error).message})`;
    throw new ManifestError(path, problem, { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(path, `not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return parseManifest(path, raw);
}

/** Replaces `<dir>/manifest.json` in one rename, so a reader sees the old manifest or the new, never half of one. */
export async function writeManifest(dir: string, manifest: ModelManifest): Promise<void> {
  const path = join(dir, MANIFEST_FILE);
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function parseManifest(path: string, raw: unknown): ModelManifest {
  const fail = (problem: string): never => {
    throw new ManifestError(path, problem);
  };
  if (!isRecord(raw)) return fail('must hold a JSON object');
  const { name, version, source, files, dtypes, labels, maxLength, pulledAt } = raw;
  if (raw.manifestVersion !== 1) fail(`unsupported manifestVersion ${JSON.stringify(raw.manifestVersion)}`);
  if (typeof name !== 'string' || name === '') fail('name must be a non-empty string');
  if (typeof version !== 'string' || version === '') fail('version must be a non-empty string');
  if (!isRecord(source) || typeof source.repo !== 'string' || typeof source.revision !== 'string') {
    fail('source must hold repo and revision strings');
  }
  if (!isRecord(files) || Object.keys(files).length === 0) fail('files must list at least one file');
  for (const [file, entry] of Object.entries(files as Record<string, unknown>)) {
    if (!isSafeRelativePath(file)) fail(`file path ${JSON.stringify(file)} leaves the model directory`);
    if (!isRecord(entry) || typeof entry.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(entry.sha256)) {
      fail(`files[${JSON.stringify(file)}].sha256 must be 64 lowercase hex digits`);
    }
    const size = (entry as Record<string, unknown>).size;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
      fail(`files[${JSON.stringify(file)}].size must be a byte count`);
    }
  }
  if (!Array.isArray(dtypes) || !dtypes.every((dtype) => MODEL_DTYPES.includes(dtype as ModelDtype))) {
    fail(`dtypes must be a list of ${MODEL_DTYPES.join(', ')}`);
  }
  if (!Array.isArray(labels) || !labels.every((label) => typeof label === 'string')) {
    fail('labels must be a list of strings');
  }
  if (typeof maxLength !== 'number' || !Number.isInteger(maxLength)) fail('maxLength must be an integer');
  if (typeof pulledAt !== 'string') fail('pulledAt must be a timestamp string');
  const checkedSource = source as Record<string, unknown>;
  return {
    manifestVersion: 1,
    name: name as string,
    version: version as string,
    source: {
      repo: checkedSource.repo as string,
      revision: checkedSource.revision as string,
      requestedRevision:
        typeof checkedSource.requestedRevision === 'string'
          ? checkedSource.requestedRevision
          : (checkedSource.revision as string),
    },
    files: files as Record<string, ManifestFile>,
    dtypes: dtypes as ModelDtype[],
    labels: labels as string[],
    maxLength: maxLength as number,
    pulledAt: pulledAt as string,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
