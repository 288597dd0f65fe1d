// Compiles every workspace package's src/ into dist/ (same layout, so paths relative to a module, such as
// ../../../proto or ./lua/*.lua, hold in both), for running without tsx: `node --conditions=compiled
// services/<name>/dist/main.js`. Each package's exports map the `compiled` condition to dist/ and everything else
// to src/, so development, tests and the type checker keep reading the TypeScript sources.
//
// Transpile only: `pnpm typecheck` is the type check. TypeScript's own transpiler (not esbuild) because it rewrites
// the `./x.ts` import specifiers to `./x.js` (rewriteRelativeImportExtensions) with the same options tsc checks.
//
//   node scripts/build-dist.mjs [package-dir ...]     (default: packages/* and services/*)
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  writeFileSync,
  readFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

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

function buildPackage(packageDir) {
  const src = join(packageDir, 'src');
  const dist = join(packageDir, 'dist');
  if (!existsSync(src)) return 0;
  rmSync(dist, { recursive: true, force: true });
  let count = 0;
  for (const file of filesUnder(src)) {
    const target = join(dist, relative(src, file));
    mkdirSync(dirname(target), { recursive: true });
    // The .mjs thread entries only register tsx before importing a .ts module; compiled code starts the thread
    // on its .js module directly.
    if (file.endsWith('.mjs')) continue;
    if (!file.endsWith('.ts') || file.endsWith('.d.ts')) {
      copyFileSync(file, target); // Lua scripts, descriptor sets, .proto files
      continue;
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
    const jsPath = target.replace(/\.ts$/, '.js');
    writeFileSync(jsPath, output.outputText);
    if (output.sourceMapText) {
      const map = JSON.parse(output.sourceMapText);
      map.sources = [relative(dirname(jsPath), file)];
      writeFileSync(`${jsPath}.map`, JSON.stringify(map));
    }
    count += 1;
  }
  return count;
}

const requested = process.argv.slice(2);
const packageDirs =
  requested.length > 0
    ? requested.map((dir) => join(root, dir))
    : ['packages', 'services'].flatMap((group) =>
        readdirSync(join(root, group), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => join(root, group, entry.name)),
      );
let total = 0;
for (const packageDir of packageDirs) total += buildPackage(packageDir);
console.error(`build-dist: ${total} modules compiled into dist/ of ${packageDirs.length} packages`);
