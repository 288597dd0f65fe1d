// What `sieve` and the tests' service processes run before compiled code: dist/ brought up to date with whatever
// source changed since the last build, and nothing else recompiled. On a tree of its own, never the repository's.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const repoRoot = new URL('../../', import.meta.url).pathname;
const { refreshStaleDist, distStampMs } = (await import(
  pathToFileURL(join(repoRoot, 'scripts', 'dist-stamp.mjs')).href
)) as { refreshStaleDist(root: string): Promise<void>; distStampMs(root: string): number };

/** Sets a file's times `secondsAhead` from now: an edit the stamp cannot have seen, however coarse the clock. */
function touch(path: string, secondsAhead: number): void {
  const at = Date.now() / 1000 + secondsAhead;
  utimesSync(path, at, at);
}

/** Runs `body` on an empty tree of its own (packages/ and services/), removed afterwards. */
async function inTree(body: (root: string) => Promise<void>): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'sieve-dist-refresh-'));
  try {
    mkdirSync(join(root, 'packages'));
    mkdirSync(join(root, 'services'));
    await body(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('refreshStaleDist', () => {
  it('compiles a tree without dist/, then only what changed, and removes the output of a deleted source', () =>
    inTree(async (root) => {
      const src = join(root, 'packages', 'a', 'src');
      mkdirSync(src, { recursive: true });
      writeFileSync(
        join(src, 'one.ts'),
        "import { two } from './two.ts';\nexport const one: number = two - 1;\n",
      );
      writeFileSync(join(src, 'two.ts'), 'export const two: number = 2;\n');
      const dist = join(root, 'packages', 'a', 'dist');

      await refreshStaleDist(root);
      assert.match(
        readFileSync(join(dist, 'one.js'), 'utf8'),
        /from ["']\.\/two\.js["']/,
        'specifiers rewritten to .js',
      );
      assert.ok(existsSync(join(dist, 'two.js')));
      assert.ok(distStampMs(root) > 0, 'the stamp is written');

      const untouched = statSync(join(dist, 'two.js')).mtimeMs;
      writeFileSync(join(src, 'one.ts'), 'export const one: number = 11;\n');
      touch(join(src, 'one.ts'), 5);
      await refreshStaleDist(root);
      assert.match(readFileSync(join(dist, 'one.js'), 'utf8'), /11/);
      assert.equal(
        statSync(join(dist, 'two.js')).mtimeMs,
        untouched,
        'an unchanged source is not recompiled',
      );

      rmSync(join(src, 'two.ts'));
      touch(src, 10);
      await refreshStaleDist(root);
      assert.ok(!existsSync(join(dist, 'two.js')), "a deleted source's output goes too");
    }));

  it('names a source that does not compile and writes no stamp, so that the next run tries again', () =>
    inTree(async (root) => {
      const src = join(root, 'services', 'b', 'src');
      mkdirSync(src, { recursive: true });
      writeFileSync(join(src, 'broken.ts'), 'export const = ;\n');
      await assert.rejects(refreshStaleDist(root), /broken\.ts does not compile/);
      assert.equal(distStampMs(root), 0);
    }));
});
