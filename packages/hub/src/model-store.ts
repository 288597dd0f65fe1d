import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readManifest, type ModelManifest } from './model-manifest.ts';

/** Long enough never to collide within one repository, short enough to read; the manifest keeps the full id. */
const VERSION_DIGITS = 12;
export const STAGING_SUFFIX = '.partial';

/** `<store>/<name>/<version>/` where version is the commit the files came from. */
export function versionForCommit(commit: string): string {
  return commit.slice(0, VERSION_DIGITS);
}

export function stagingDirFor(versionDir: string): string {
  return `${versionDir}${STAGING_SUFFIX}`;
}

/**
 * The most recently completed pull of `repo` under `<store>/<name>/`: the commit later pulls stay on. Directories
 * without a readable manifest are not complete pulls and are skipped.
 */
export async function findRecordedManifest(
  modelRoot: string,
  repo: string,
): Promise<{ dir: string; manifest: ModelManifest } | undefined> {
  let entries: string[];
  try {
    entries = await readdir(modelRoot);
  } catch {
    return undefined;
  }
  let latest: { dir: string; manifest: ModelManifest } | undefined;
  for (const entry of entries) {
    if (entry.endsWith(STAGING_SUFFIX) || entry.startsWith('.')) continue;
    const dir = join(modelRoot, entry);
    const manifest = await readManifest(dir).catch(() => undefined);
    if (!manifest || manifest.source.repo !== repo) continue;
    if (!latest || manifest.pulledAt > latest.manifest.pulledAt) latest = { dir, manifest };
  }
  return latest;
}
