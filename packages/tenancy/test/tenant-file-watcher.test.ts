import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { TenantFileError, TenantFileWatcher, type TenantDirectory } from '../src/index.ts';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sieve-tenancy-'));
  dirs.push(dir);
  return dir;
}

/** Resolves with the next value passed to the callback it returns, or rejects after a bounded wait. */
function nextCall<T>(timeoutMs = 5000): { callback: (value: T) => void; next: () => Promise<T> } {
  const waiting: ((value: T) => void)[] = [];
  const queued: T[] = [];
  return {
    callback: (value) => {
      const resolve = waiting.shift();
      if (resolve) resolve(value);
      else queued.push(value);
    },
    next: () =>
      queued.length > 0
        ? Promise.resolve(queued.shift() as T)
        : new Promise<T>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('no callback in time')), timeoutMs);
            waiting.push((value) => {
              clearTimeout(timer);
              resolve(value);
            });
          }),
  };
}

describe('TenantFileWatcher', () => {
  it('reloads when a new file is renamed over the old; a bad edit keeps the last good config', async () => {
    const dir = tempDir();
    const file = join(dir, 'tenants.yaml');
    writeFileSync(file, 'tenants:\n  - id: one\n');
    const changes = nextCall<TenantDirectory>();
    const errors = nextCall<TenantFileError>();
    const watcher = await TenantFileWatcher.open({
      file,
      debounceMs: 20,
      onChange: changes.callback,
      onError: errors.callback,
    });
    try {
      assert.ok(watcher.directory.has('one'));

      writeFileSync(join(dir, '.tenants.tmp'), 'tenants:\n  - id: one\n  - id: two\n');
      renameSync(join(dir, '.tenants.tmp'), file);
      const changed = await changes.next();
      assert.ok(changed.has('two'));
      assert.equal(watcher.directory, changed);

      writeFileSync(join(dir, '.tenants.tmp'), 'tenants:\n  - id: BAD\n');
      renameSync(join(dir, '.tenants.tmp'), file);
      const error = await errors.next();
      assert.ok(error instanceof TenantFileError);
      assert.match(error.message, /tenants\[0\]\.id/);
      assert.ok(watcher.directory.has('two'), 'the last good config stays');
    } finally {
      watcher.close();
    }
  });

  it('follows a Kubernetes-style ..data symlink swap', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, '..v1'));
    writeFileSync(join(dir, '..v1', 'tenants.json'), JSON.stringify({ tenants: [{ id: 'old' }] }));
    symlinkSync('..v1', join(dir, '..data'));
    symlinkSync(join('..data', 'tenants.json'), join(dir, 'tenants.json'));
    const changes = nextCall<TenantDirectory>();
    const watcher = await TenantFileWatcher.open({
      file: join(dir, 'tenants.json'),
      debounceMs: 20,
      onChange: changes.callback,
    });
    try {
      assert.ok(watcher.directory.has('old'));
      mkdirSync(join(dir, '..v2'));
      writeFileSync(join(dir, '..v2', 'tenants.json'), JSON.stringify({ tenants: [{ id: 'new' }] }));
      symlinkSync('..v2', join(dir, '..data_tmp'));
      renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
      assert.ok((await changes.next()).has('new'));
    } finally {
      watcher.close();
    }
  });

  it('refuses to start on an invalid file', async () => {
    const file = join(tempDir(), 'tenants.yaml');
    writeFileSync(file, 'tenants: nope\n');
    await assert.rejects(TenantFileWatcher.open({ file }), TenantFileError);
    await assert.rejects(TenantFileWatcher.open({ file: file + '.missing' }), /cannot read/);
  });
});
