import { resolve } from 'node:path';

/**
 * `pnpm sieve ...` runs in the repository root, not where the user typed it; pnpm passes that directory as
 * INIT_CWD, so relative paths mean what the user meant.
 */
export function userPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}
