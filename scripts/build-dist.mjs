// Compiles every workspace package's src/ into dist/ (same layout, so paths relative to a module, such as
// ../../../proto or ./lua/*.lua, hold in both), for running without tsx: `node --conditions=compiled
// services/<name>/dist/main.js`. Each package's exports map the `compiled` condition to dist/ and everything else
// to src/, so development, tests and the type checker keep reading the TypeScript sources.
//
// Transpile only: `pnpm typecheck` is the type check. TypeScript's own transpiler (not esbuild) because it rewrites
// the `./x.ts` import specifiers to `./x.js` (rewriteRelativeImportExtensions) with the same options tsc checks.
//
//   node scripts/build-dist.mjs [package-dir ...]     (default: packages/* and services/*)
//
// A full build (no arguments) also writes the stamp that `sieve` (packages/cli/bin/sieve.js) compares sources
// against; the bin itself calls refreshDist() to recompile only what changed since the stamp.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  readFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { packageDirs, writeDistStamp } from './dist-stamp.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compilerOptions = {
  module: ts.ModuleKind.Preserve,
  target: ts.ScriptTarget.ES2022,
  verbatimModuleSyntax: true,
  rewriteRelativeImportExtensions: true,
  sourceMap: true,
};

function* filesUnder(directory) {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

/**
 * Written beside the target, then renamed over it: a `sieve` starting while another one recompiles reads either
 * the old module or the new one, never half a file.
 */
function writeAtomically(target, content) {
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, target);
}

/** Where a source file lands in dist/ (undefined: it has no compiled form). */
function distPathOf(src, dist, file) {
  // The .mjs thread entries only register tsx before importing a .ts module; compiled code starts the thread
  // on its .js module directly.
  if (file.endsWith('.mjs')) return undefined;
  const target = join(dist, relative(src, file));
  return file.endsWith('.ts') && !file.endsWith('.d.ts') ? target.replace(/\.ts$/, '.js') : target;
}

export function compileFile(src, dist, file) {
  const target = distPathOf(src, dist, file);
  if (!target) return 0;
  mkdirSync(dirname(target), { recursive: true });
  if (!file.endsWith('.ts') || file.endsWith('.d.ts')) {
    const temporary = `${target}.${process.pid}.tmp`;
    copyFileSync(file, temporary); // Lua scripts, descriptor sets, .proto files
    renameSync(temporary, target);
    return 0;
  }
  const output = ts.transpileModule(readFileSync(file, 'utf8'), {
    compilerOptions,
    fileName: file,
    reportDiagnostics: true,
  });
  const errors = (output.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const message = ts.formatDiagnostics(errors, {
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => root,
      getNewLine: () => '\n',
    });
    throw new Error(`build-dist: ${relative(root, file)} does not compile:\n${message}`);
  }
  if (output.sourceMapText) {
    const map = JSON.parse(output.sourceMapText);
    map.sources = [relative(dirname(target), file)];
    writeAtomically(`${target}.map`, JSON.stringify(map));
  }
  writeAtomically(target, output.outputText);
  return 1;
}

/**
 * Recompiles, in each package, the sources changed since `sinceMs` (or whose output is missing) and removes
 * outputs whose source is gone. In place, file by file, so that a concurrent `sieve` never meets an empty dist/.
 */
export function refreshDist(dirs, sinceMs) {
  let count = 0;
  for (const packageDir of dirs) {
    const src = join(packageDir, 'src');
    const dist = join(packageDir, 'dist');
    if (!existsSync(src)) continue;
    const expected = new Set();
    for (const file of filesUnder(src)) {
      const target = distPathOf(src, dist, file);
      if (!target) continue;
      expected.add(target);
      if (file.endsWith('.ts') && !file.endsWith('.d.ts')) expected.add(`${target}.map`);
      if (statSync(file).mtimeMs >= sinceMs || !existsSync(target)) count += compileFile(src, dist, file);
    }
    if (!existsSync(dist)) continue;
    // A .tmp is another `sieve`'s file being written (it renames it into place), not an orphan.
    for (const output of filesUnder(dist)) {
      if (!expected.has(output) && !output.endsWith('.tmp')) rmSync(output, { force: true });
    }
  }
  return count;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  const requested = process.argv.slice(2);
  const dirs = requested.length > 0 ? requested.map((dir) => join(root, dir)) : packageDirs(root);
  // Everything recompiled, in place like a refresh (never rm -rf dist/ first): a test or a `sieve` running beside
  // the build, as the docs test runs `pnpm build` beside others, must never meet an empty dist/.
  const total = refreshDist(dirs, 0);
  if (requested.length === 0) writeDistStamp(root, started);
  console.error(`build-dist: ${total} modules compiled into dist/ of ${dirs.length} packages`);
}
