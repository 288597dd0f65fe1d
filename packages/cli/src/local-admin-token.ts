import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { adminTokenProblem } from '@sieve/config';
import { adminTokenFile } from './admin-token.ts';
import { CliError } from './cli-error.ts';

export interface StartAdminToken {
  token: string;
  /** Where it came from, for the start-up message. */
  origin: 'environment' | 'file-created' | 'file';
  file?: string;
}

/**
 * The admin token `pnpm start` gives its gateway, checked with the gateway's own rule before anything starts (a bad
 * one used to be found only when the gateway exited): SIEVE_ADMIN_TOKEN when set, else `<data dir>/admin-token`,
 * created on first start (owner-only, random, within the rule), so the Admin API, and the `sieve tenants` and
 * `sieve keys` commands that read the same file, work on a local cluster without a step of the user's.
 */
export function startAdminToken(dataDir: string, env: NodeJS.ProcessEnv = process.env): StartAdminToken {
  const fromEnv = env.SIEVE_ADMIN_TOKEN;
  if (fromEnv !== undefined) {
    const problem = adminTokenProblem(fromEnv);
    if (problem)
      throw new CliError(
        `SIEVE_ADMIN_TOKEN is refused: it ${problem} (the gateway's rule). Make one with ` +
          '`export SIEVE_ADMIN_TOKEN=$(openssl rand -hex 24)`, or unset it to have pnpm start create ' +
          `${adminTokenFile(dataDir)}`,
        2,
      );
    return { token: fromEnv, origin: 'environment' };
  }
  const file = adminTokenFile(dataDir);
  const existing = readTokenFile(file);
  if (existing !== undefined) return { token: existing, origin: 'file', file };
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  try {
    // 'wx': a second pnpm start on the same data directory at the same moment keeps the first one's token.
    writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { token: readTokenFile(file)!, origin: 'file', file };
  }
  return { token, origin: 'file-created', file };
}

function readTokenFile(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`cannot read the admin token file ${file}: ${(error as Error).message}`);
  }
  const token = text.trim();
  const problem = adminTokenProblem(token);
  if (problem)
    throw new CliError(
      `the admin token in ${file} is refused: it ${problem} (the gateway's rule); ` +
        'fix it, or delete the file to have pnpm start make a new one',
      2,
    );
  return token;
}
