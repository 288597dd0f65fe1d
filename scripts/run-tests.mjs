#!/usr/bin/env node
// Runs every *.test.ts under packages/, services/, test/ and bench/ with Node's own test runner (through tsx, which
// strips types; `pnpm typecheck` is what checks them). Node 20's --test takes no globs, hence this walk.
// Usage: node scripts/run-tests.mjs [path-filter ...]
// Two files run at a time by default (SIEVE_TEST_CONCURRENCY to change it): most end-to-end files wait on the
// processes they start (Redis, gateways, workers), so on 2 cores a second file fills that time: a subset of eight
// serving files took 57 s instead of 86 s. Node's default (available cores - 1) is 1 on such a machine. Three at a
// time is slower there (test/serving: 393 s against 338): with two, the cores are already 89-92 % busy.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** A stable number per path (FNV-1a), to shuffle the same way every run. */
function pathHash(path) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) hash = Math.imul(hash ^ path.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

const groupOf = (path) => (path.startsWith('test/') ? 0 : 1);

// The suite is CPU-bound on 2 cores (8-11 % idle with two files at a time), so its time is mostly a matter of
// packing. The end-to-end files under test/ (seconds to minutes each) start first and the short unit files of the
// packages fill the gaps at the end, so that no long file starts last. Within each group the order is shuffled by
// path, the same way every run: in alphabetical order the files that mostly wait (test/reliability: frozen workers,
// Redis outages, 28 % idle beside each other) ran side by side and left cores idle.
const files = ['packages', 'services', 'test', 'bench']
  .flatMap((dir) => walk(join(root, dir)))
  .map((path) => relative(root, path))
  .filter((path) => filters.length === 0 || filters.some((filter) => path.includes(filter)))
  .sort((a, b) => groupOf(a) - groupOf(b) || pathHash(a) - pathHash(b) || a.localeCompare(b));

if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}

const concurrency = process.env.SIEVE_TEST_CONCURRENCY ?? '2';
if (!/^[1-9]\d*$/.test(concurrency)) {
  console.error(`SIEVE_TEST_CONCURRENCY must be a whole number >= 1, got "${concurrency}"`);
  process.exit(2);
}

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, SIEVE_TEST: '1' },
  },
);
process.exit(result.status ?? 1);
