// Regenerates src/generated/ from proto/ with @grpc/proto-loader's own generator, so that the TypeScript types
// always match what the loader produces at run time. `--check` fails when the committed files are stale (CI).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { LOADER_OPTIONS, PROTO_FILES, PROTO_INCLUDE_DIRS, PROTO_ROOT } from '../src/proto-files.ts';

const packageDir = new URL('..', import.meta.url).pathname;
const target = join(packageDir, 'src/generated');
const check = process.argv.includes('--check');
const outDir = check ? mkdtempSync(join(tmpdir(), 'sieve-gen-')) : target;

const flags = [
  `--longs=${LOADER_OPTIONS.longs.name}`,
  `--enums=${LOADER_OPTIONS.enums.name}`,
  ...(LOADER_OPTIONS.defaults ? ['--defaults'] : []),
  ...(LOADER_OPTIONS.oneofs ? ['--oneofs'] : []),
  ...(LOADER_OPTIONS.arrays ? ['--arrays'] : []),
  '--grpcLib=@grpc/grpc-js',
  '--includeComments',
  // Relative to proto/ so that the generated headers name no machine-specific path.
  ...PROTO_INCLUDE_DIRS.flatMap((dir) => ['-I', relative(PROTO_ROOT, dir) || '.']),
  '-O',
  outDir,
];
if (!check) rmSync(target, { recursive: true, force: true });
execFileSync(join(packageDir, 'node_modules/.bin/proto-loader-gen-types'), [...flags, ...PROTO_FILES], {
  stdio: 'inherit',
  cwd: PROTO_ROOT,
});

// The compiled descriptor set (canonical file names, imports included) that server reflection serves.
const bufBinary = join(packageDir, '../../node_modules/.bin/buf');
execFileSync(bufBinary, ['build', PROTO_ROOT, '-o', join(outDir, 'sieve.binpb')], { stdio: 'inherit' });

if (check) {
  const fresh = readTree(outDir);
  const committed = readTree(target);
  const stale = [...new Set([...fresh.keys(), ...committed.keys()])].filter(
    (name) => fresh.get(name) !== committed.get(name),
  );
  rmSync(outDir, { recursive: true, force: true });
  if (stale.length > 0) {
    console.error(`packages/api/src/generated is stale (run \`pnpm proto:gen\`): ${stale.join(', ')}`);
    process.exit(1);
  }
  console.log('generated proto types are up to date');
}

function readTree(root: string): Map<string, string> {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return new Map(walk(root).map((path) => [relative(root, path), readFileSync(path, 'latin1')]));
}
