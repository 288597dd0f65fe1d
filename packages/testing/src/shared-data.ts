import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The one documented place tests and benchmarks find the real vocabulary and labelled corpora:
 * $SIEVE_SHARED_DATA, defaulting to `../shared/data` beside the repository root. Nothing from there is committed.
 */
export function sharedDataDir(): string {
  const fromEnv = process.env.SIEVE_SHARED_DATA;
  if (fromEnv) return resolve(fromEnv);
  return resolve(fileURLToPath(new URL('../../../../shared/data', import.meta.url)));
}

/** Path of a shared data file, or a reason to skip that names what is missing and how to provide it. */
export function sharedDataFile(name: string): { path: string } | { skip: string } {
  const path = join(sharedDataDir(), name);
  if (existsSync(path)) return { path };
  return {
    skip: `${name} not found in ${sharedDataDir()} (set SIEVE_SHARED_DATA to the shared data directory)`,
  };
}
