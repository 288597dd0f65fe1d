import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './cli-error.ts';
import { ExitCode } from './exit-codes.ts';
import { defaultDataDir } from './data-dir.ts';

/** The file `pnpm start` writes the admin token to when SIEVE_ADMIN_TOKEN is not set (mode 0600). */
export function adminTokenFile(dataDir: string = defaultDataDir()): string {
  return join(dataDir, 'admin-token');
}

/**
 * The admin token an Admin API command sends: `--admin-token`, else $SIEVE_ADMIN_TOKEN, else the file `pnpm start`
 * wrote in the data directory. Looked up in that order so that an explicit choice always wins over the local cluster's
 * token. None found is an authentication failure (exit 4) naming all three places.
 */
export function findAdminToken(options: { adminToken?: string; dataDir?: string }): string {
  const explicit = options.adminToken?.trim();
  if (explicit) return explicit;
  const fromEnv = process.env.SIEVE_ADMIN_TOKEN?.trim();
  if (fromEnv) return fromEnv;
  const file = adminTokenFile(options.dataDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR')
      throw new CliError(
        `cannot read the admin token file ${file}: ${(error as Error).message}`,
        ExitCode.auth,
      );
    throw new CliError(
      `no admin token: pass --admin-token, set SIEVE_ADMIN_TOKEN, or start the cluster with \`pnpm start\` ` +
        `(it writes ${file}; --data-dir points elsewhere)`,
      ExitCode.auth,
    );
  }
  const token = text.trim();
  if (!token) throw new CliError(`the admin token file ${file} is empty`, ExitCode.auth);
  return token;
}
