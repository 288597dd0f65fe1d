import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * Where `pnpm start` keeps what must outlive it (its private Redis's data): the user's XDG data directory, never the
 * repository, so that a checkout can be deleted, shared or cleaned without losing tenants, keys, heads and batches,
 * and so that the data is not committed by accident. XDG says a relative XDG_DATA_HOME is to be ignored.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  const xdg = env.XDG_DATA_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.local', 'share'), 'sieve');
}
