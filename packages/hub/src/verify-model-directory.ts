import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelVerificationError } from './model-verification-error.ts';
import { readManifest, type ManifestFile, type ModelManifest } from './model-manifest.ts';
import { sha256File } from './file-sha256.ts';
import type { FileMismatch } from './file-mismatch.ts';

export interface ModelDirectoryVerification {
  dir: string;
  manifest: ModelManifest;
  /** Empty when every file in the manifest is present with its recorded size and sha256. */
  mismatches: FileMismatch[];
}

/** Re-hashes every file the manifest lists. Files not in the manifest are not looked at. */
export async function verifyModelDirectory(dir: string): Promise<ModelDirectoryVerification> {
  const manifest = await readManifest(dir);
  const mismatches: FileMismatch[] = [];
  for (const [path, recorded] of Object.entries(manifest.files)) {
    const mismatch = await checkFile(join(dir, path), path, recorded);
    if (mismatch) mismatches.push(mismatch);
  }
  return { dir, manifest, mismatches };
}

/** For servers: the manifest of a directory whose files all verify, or a ModelVerificationError naming them. */
export async function assertModelDirectoryVerified(dir: string): Promise<ModelManifest> {
  const { manifest, mismatches } = await verifyModelDirectory(dir);
  if (mismatches.length > 0) throw new ModelVerificationError(dir, mismatches);
  return manifest;
}

/** Compares one file with its manifest record; undefined when it matches. Size first: it costs no reading. */
export async function checkFile(
  absolutePath: string,
  path: string,
  recorded: ManifestFile,
): Promise<FileMismatch | undefined> {
  const stats = await stat(absolutePath).catch(() => undefined);
  if (!stats?.isFile()) return { path, problem: 'missing', expected: recorded.sha256, actual: '' };
  if (stats.size !== recorded.size) {
    return { path, problem: 'size', expected: String(recorded.size), actual: String(stats.size) };
  }
  const sha256 = await sha256File(absolutePath);
  if (sha256 !== recorded.sha256)
    return { path, problem: 'sha256', expected: recorded.sha256, actual: sha256 };
  return undefined;
}
