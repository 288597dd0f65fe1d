// When dist/ was last brought up to date with the sources, and whether a source has changed since: the cheap check
// `sieve` makes at every start (a walk of a few hundred stats, no TypeScript loaded) before it runs compiled code.
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Every workspace package that has sources: packages/* and services/*. */
export function packageDirs(root) {
  return ['packages', 'services'].flatMap((group) =>
    readdirSync(join(root, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(root, group, entry.name, 'src')))
      .map((entry) => join(root, group, entry.name)),
  );
}

/** In node_modules/.cache (ignored, and gone with a fresh install, which then compiles once). */
export const distStampPath = (root) => join(root, 'node_modules', '.cache', 'sieve', 'dist.stamp');

/** The stamp's time: when the last build that finished started (0 when there is none). */
export function distStampMs(root) {
  try {
    return statSync(distStampPath(root)).mtimeMs;
  } catch {
    return 0;
  }
}

/** Marks dist/ current as of `startedMs`, the start of the build, so an edit made during the build is seen next time. */
export function writeDistStamp(root, startedMs) {
  const path = distStampPath(root);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${new Date(startedMs).toISOString()}\n`);
  utimesSync(path, startedMs / 1000, startedMs / 1000);
}

/** Whether anything under `directory` (a file, or a folder whose entries changed) is as new as `sinceMs`. */
function changedSince(directory, sinceMs) {
  if (statSync(directory).mtimeMs >= sinceMs) return true;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory() ? changedSince(path, sinceMs) : statSync(path).mtimeMs >= sinceMs) return true;
  }
  return false;
}

/** The packages whose dist/ is missing or older than one of their sources. */
export function staleDistPackages(root, sinceMs = distStampMs(root)) {
  return packageDirs(root).filter(
    (dir) => sinceMs === 0 || !existsSync(join(dir, 'dist')) || changedSince(join(dir, 'src'), sinceMs),
  );
}

/**
 * Brings dist/ up to date with the sources when one changed since the last build: what `sieve` does at every start
 * and what the test fixtures do before they run a service compiled. TypeScript (~0.5 s to load) is imported only
 * when something changed. A source that does not compile throws, naming the file.
 */
export async function refreshStaleDist(root) {
  const started = Date.now();
  const builtMs = distStampMs(root);
  const stale = staleDistPackages(root, builtMs);
  if (stale.length === 0) return;
  const { refreshDist } = await import('./build-dist.mjs');
  refreshDist(stale, builtMs);
  writeDistStamp(root, started);
}
