#!/usr/bin/env node
// `sieve` runs compiled JavaScript (dist/), never TypeScript through a loader at start-up (which took seconds).
// In a checkout, dist/ is brought up to date first when a source is newer than the last build (a stamp in
// node_modules/.cache), so an edit is never run stale; only the changed files are recompiled. Workspace packages
// resolve to their dist/ through the `compiled` export condition, added by a resolve hook because conditions
// cannot be set once Node has started. A deployed app (no repository around it) runs the dist/ it was built with,
// or its sources through tsx when it has none.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(packageDir, '..', '..');
const compiledMain = join(packageDir, 'dist', 'main.js');

// A checkout (not a deployed app, whose directory two levels up is something else).
if (
  existsSync(join(repoRoot, 'pnpm-workspace.yaml')) &&
  existsSync(join(repoRoot, 'scripts', 'dist-stamp.mjs'))
) {
  const { refreshStaleDist } = await import(pathToFileURL(join(repoRoot, 'scripts', 'dist-stamp.mjs')).href);
  try {
    await refreshStaleDist(repoRoot);
  } catch (error) {
    // A syntax error in a source being edited: say which, without a stack trace of the compiler.
    console.error(`sieve: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

if (existsSync(compiledMain)) {
  const { addCompiledCondition } = await import('./compiled-condition.js');
  addCompiledCondition();
  await import(pathToFileURL(compiledMain).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
