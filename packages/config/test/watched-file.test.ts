// WatchedFile under the update a mounted ConfigMap or Secret receives, done the way the kubelet's AtomicWriter does
// it: the files in a new timestamped directory, a `..data_tmp` symlink to it renamed over `..data`, the old directory
// removed. The file the service names (`<mount>/models.yaml`) is a symlink to `..data/models.yaml` that never changes,
// which is why the Helm chart mounts the whole ConfigMap and never a subPath (a subPath mount is never updated).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { WatchedFile } from '../src/index.ts';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A mount directory as the kubelet lays it out, with `write` publishing a new version of its one file. */
function configMapMount(file: string, text: string): { path: string; write: (text: string) => void } {
  const mount = mkdtempSync(join(tmpdir(), 'sieve-configmap-'));
  dirs.push(mount);
  let version = 0;
  let current = '';
  const write = (content: string) => {
    const previous = current;
    current = `..2026_12_06_12_00_00.${++version}`;
    mkdirSync(join(mount, current));
    writeFileSync(join(mount, current, file), content);
    symlinkSync(current, join(mount, '..data_tmp'));
    renameSync(join(mount, '..data_tmp'), join(mount, '..data'));
    if (previous) rmSync(join(mount, previous), { recursive: true });
  };
  write(text);
  symlinkSync(join('..data', file), join(mount, file));
  return { path: join(mount, file), write };
}

/** The next value passed to onChange, or a rejection after a bounded wait. */
function changes<T>(): { onChange: (value: T) => void; next: () => Promise<T> } {
  const queued: T[] = [];
  let waiting: ((value: T) => void) | undefined;
  return {
    onChange: (value) => {
      if (waiting) waiting(value);
      else queued.push(value);
    },
    next: () =>
      queued.length > 0
        ? Promise.resolve(queued.shift()!)
        : new Promise<T>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('no reload within 5 s')), 5000);
            waiting = (value) => {
              clearTimeout(timer);
              waiting = undefined;
              resolve(value);
            };
          }),
  };
}

const parseCount = (text: string) => {
  const value = JSON.parse(text) as { count?: unknown };
  if (typeof value.count !== 'number') throw new Error('count must be a number');
  return value.count;
};

describe('WatchedFile', () => {
  it('reloads a mounted ConfigMap when the kubelet swaps its ..data symlink, again and again', async () => {
    const mount = configMapMount('models.yaml', '{"count":1}');
    const seen = changes<number>();
    const watched = await WatchedFile.open({
      file: mount.path,
      parse: parseCount,
      toError: (file, problem) => new Error(`${file}: ${String(problem)}`),
      onChange: seen.onChange,
      debounceMs: 20,
    });
    try {
      assert.equal(watched.value, 1);
      mount.write('{"count":2}');
      assert.equal(await seen.next(), 2);
      // The second swap removes the directory the first one made: the watch is on the mount, not on it.
      mount.write('{"count":3}');
      assert.equal(await seen.next(), 3);
      assert.equal(watched.value, 3);
    } finally {
      watched.close();
    }
  });

  it('keeps the last good version when a swap publishes an invalid file', async () => {
    const mount = configMapMount('models.yaml', '{"count":1}');
    const seen = changes<number>();
    const errors = changes<Error>();
    const watched = await WatchedFile.open({
      file: mount.path,
      parse: parseCount,
      toError: (file, problem) => new Error(`${file}: ${String(problem)}`),
      onChange: seen.onChange,
      onError: errors.onChange,
      debounceMs: 20,
    });
    try {
      mount.write('{"count":"many"}');
      assert.match((await errors.next()).message, /count must be a number/);
      assert.equal(watched.value, 1);
      mount.write('{"count":4}');
      assert.equal(await seen.next(), 4);
    } finally {
      watched.close();
    }
  });
});
