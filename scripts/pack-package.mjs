#!/usr/bin/env node
// Makes a workspace package publishable before `pnpm pack` / `pnpm publish` (its `prepack` script), and tidies up
// after (`postpack`): dist/ compiled (build-dist), type declarations emitted into types/ by tsc from the package's
// tsconfig.build.json (not into dist/, which build-dist prunes of whatever has no source), and, for @sieve/api,
// the .proto files copied into the package (proto-files.ts reads them from there when the package has them);
// postpack removes types/ and the copy again.
//
//   node ../../scripts/pack-package.mjs prepack|postpack     (run from the package directory)
//
// Declarations keep the sources' import specifiers ('./x.ts', and the generated types' extensionless './x'); a
// consumer resolving with node16/nodenext needs './x.js', so they are rewritten to what exists in types/.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = process.cwd();
const stage = process.argv[2];
const bundledProto = join(packageDir, 'proto');
const bundlesProto = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).files?.includes(
  'proto',
);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: packageDir, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status})`);
}

function* declarationsUnder(directory) {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* declarationsUnder(path);
    else if (entry.name.endsWith('.d.ts')) yield path;
  }
}

/** './x.ts' and './x' (a file or a folder with an index) become the .js specifier of the declaration there. */
function rewriteSpecifiers(file) {
  const text = readFileSync(file, 'utf8');
  const rewritten = text.replace(
    /(from\s+|import\()(['"])(\.\.?\/[^'"]+)\2/g,
    (whole, lead, quote, specifier) => {
      const base = specifier.replace(/\.ts$/, '');
      const target = join(dirname(file), base);
      if (existsSync(`${target}.d.ts`)) return `${lead}${quote}${base}.js${quote}`;
      if (existsSync(target) && statSync(target).isDirectory() && existsSync(join(target, 'index.d.ts'))) {
        return `${lead}${quote}${base}/index.js${quote}`;
      }
      return whole;
    },
  );
  if (rewritten !== text) writeFileSync(file, rewritten);
}

if (stage === 'prepack') {
  run(process.execPath, [join(root, 'scripts/build-dist.mjs'), relative(root, packageDir)]);
  rmSync(join(packageDir, 'types'), { recursive: true, force: true });
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
  const types = join(packageDir, 'types');
  for (const file of declarationsUnder(types)) rewriteSpecifiers(file);
  if (bundlesProto) {
    rmSync(bundledProto, { recursive: true, force: true });
    cpSync(join(root, 'proto'), bundledProto, { recursive: true, filter: (path) => !path.endsWith('.yaml') });
  }
} else if (stage === 'postpack') {
  // Only the tarball needs them; in the workspace, sources are the types and proto/ is the repository's.
  rmSync(join(packageDir, 'types'), { recursive: true, force: true });
  if (bundlesProto) rmSync(bundledProto, { recursive: true, force: true });
} else {
  console.error('usage: node ../../scripts/pack-package.mjs prepack|postpack');
  process.exit(2);
}
