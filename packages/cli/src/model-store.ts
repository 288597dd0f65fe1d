import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readManifest, STAGING_SUFFIX } from '@sieve/hub';
import { defaultDataDir } from './data-dir.ts';
import { userPath } from './user-path.ts';
import type { StoredVersion } from './store-version-choice.ts';

/** The name `pnpm start` serves and `models synth` / `models pull` write by default: the one the docs use. */
export const DEFAULT_STORE_MODEL = 'sentiment';

/** A store folder name: one path segment, no dot files. */
export const STORE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The model store: `$SIEVE_MODEL_STORE` (the variable a worker's models file already resolves relative paths under,
 * with the same `<store>/<name>/<version>/` layout), else `<data dir>/models`, outside the repository so that no
 * model is ever committed or lost with a checkout.
 */
export function modelStoreDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.SIEVE_MODEL_STORE;
  return configured ? userPath(configured) : join(defaultDataDir(env), 'models');
}

/** Every version folder under `<store>/<name>/` (all names when none is given), complete or not. */
export async function listStoredVersions(store: string, name?: string): Promise<StoredVersion[]> {
  const names = name ? [name] : (await folders(store)).filter((entry) => STORE_NAME.test(entry));
  const versions: StoredVersion[] = [];
  for (const model of names.sort()) {
    for (const folder of (await folders(join(store, model))).sort()) {
      if (folder.startsWith('.')) continue;
      versions.push(await describeVersion(model, folder, join(store, model, folder)));
    }
  }
  return versions;
}

async function describeVersion(name: string, folder: string, dir: string): Promise<StoredVersion> {
  const synthetic = await isSynthetic(dir);
  if (folder.endsWith(STAGING_SUFFIX)) {
    return {
      name,
      version: folder,
      dir,
      complete: false,
      synthetic,
      problem: 'interrupted (a download or synthesis that did not finish)',
    };
  }
  try {
    const manifest = await readManifest(dir);
    return { name, version: folder, dir, complete: true, synthetic, completedAt: manifest.pulledAt };
  } catch (error) {
    return { name, version: folder, dir, complete: false, synthetic, problem: (error as Error).message };
  }
}

/** `sieve models synth` marks its config.json (`sieve_synthetic`); the runtime reads the same mark. */
export async function isSynthetic(dir: string): Promise<boolean> {
  try {
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    return typeof config.sieve_synthetic === 'object' && config.sieve_synthetic !== null;
  } catch {
    return false;
  }
}

async function folders(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
