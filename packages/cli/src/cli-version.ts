import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const packageDir = new URL('..', import.meta.url).pathname; // the same from src/ and dist/

/** The commit a checkout is at, read from .git without running git (undefined outside a checkout). */
function gitCommit(repoRoot: string): string | undefined {
  try {
    let gitDir = join(repoRoot, '.git');
    const dotGit = readFileSync(gitDir, 'utf8').match(/^gitdir: (.+)$/m); // a worktree's .git is a file
    if (dotGit) gitDir = join(repoRoot, dotGit[1]!.trim());
    return headOf(gitDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') return headOf(join(repoRoot, '.git'));
    return undefined;
  }
}

function headOf(gitDir: string): string | undefined {
  try {
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    const ref = /^ref: (.+)$/.exec(head)?.[1];
    if (!ref) return head.slice(0, 12);
    try {
      return readFileSync(join(gitDir, ref), 'utf8').trim().slice(0, 12);
    } catch {
      const packed = readFileSync(join(gitDir, 'packed-refs'), 'utf8');
      return packed
        .split('\n')
        .find((line) => line.endsWith(` ${ref}`))
        ?.slice(0, 12);
    }
  } catch {
    return undefined;
  }
}

/** "0.1.0 (commit 4d32587ab1c2)", or the version alone outside a git checkout. */
export function cliVersion(): string {
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const commit = gitCommit(join(packageDir, '..', '..'));
  return commit ? `${version} (commit ${commit})` : version;
}
