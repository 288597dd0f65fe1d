// `pnpm start`'s private Redis persists in a data directory outside the repository: tenants and keys created through
// the Admin API and batch jobs survive a restart of the whole `pnpm start`, whether it was stopped with Ctrl-C or
// killed outright, and one data directory serves one `pnpm start` at a time.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { loadSieveProtos, type ClassifyResponse, type InferenceClient } from '@sieve/api';
import { BatchClient } from '@sieve/client';
import { freePort, tinyModelDir } from '@sieve/testing';
import { waitUntil } from '../fixtures/grpc-calls.ts';
import { runSieve, spawnSieve } from '../fixtures/sieve-cli.ts';
import { processesOf } from '../fixtures/start-processes.ts';

const ADMIN_TOKEN = 'admin-token-for-start-persistence-0123456789';

interface Started {
  cli: ChildProcess;
  output: () => string;
  redisPort: number;
  address: string;
  exited: Promise<number | null>;
}

describe('pnpm start keeps its Redis data across restarts', { timeout: 300_000 }, () => {
  let modelDir: string;
  let home: string;
  let dataDir: string;
  const marker = randomUUID();
  const started: Started[] = [];
  const clients: Array<{ close(): void }> = [];

  before(async () => {
    modelDir = await tinyModelDir();
    home = mkdtempSync(join(tmpdir(), 'sieve-start-persistence-'));
    // Not made beforehand: `pnpm start` creates it.
    dataDir = join(home, 'data', 'sieve');
  });
  after(() => {
    for (const client of clients) client.close();
    for (const run of started)
      for (const pid of processesOf(marker, run.redisPort)) process.kill(pid, 'SIGKILL');
    rmSync(home, { recursive: true, force: true });
  });

  function launch(extraArgs: string[] = []): { cli: ChildProcess; output: () => string } {
    let output = '';
    const cli = spawnSieve(['start', '--model-dir', modelDir, '--model-name', 'tiny', ...extraArgs], {
      env: {
        REDIS_URL: undefined,
        SIEVE_START_TEST: marker,
        SIEVE_ADMIN_TOKEN: ADMIN_TOKEN,
        // Where the data would go without --data-dir: it must stay empty.
        XDG_DATA_HOME: join(home, 'xdg'),
      },
    });
    cli.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    cli.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return { cli, output: () => output };
  }

  async function start(): Promise<Started> {
    const address = `127.0.0.1:${await freePort()}`;
    const { cli, output } = launch(['--address', address, '--data-dir', dataDir]);
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no cluster within 90 s:\n${output()}`)), 90_000);
      const check = () => {
        const log = output();
        if (/served models changed/.test(log) && /worker ready/.test(log) && /gateway listening/.test(log)) {
          clearTimeout(timer);
          resolve();
        }
      };
      cli.stdout!.on('data', check);
      cli.stderr!.on('data', check);
      void exited.then((code) => reject(new Error(`sieve start exited (${code}):\n${output()}`)));
    });
    const redisPort = Number(/private redis-server at redis:\/\/127\.0\.0\.1:(\d+)/.exec(output())?.[1] ?? 0);
    const run = { cli, output, redisPort, address, exited };
    started.push(run);
    return run;
  }

  const bearer = (token: string) => {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${token}`);
    return metadata;
  };

  function admin<T>(run: Started, method: string, request: object): Promise<T> {
    const client = new (loadSieveProtos().grpc.sieve.v1.Admin)(run.address, credentials.createInsecure());
    clients.push(client);
    const call = (client as unknown as Record<string, (...args: unknown[]) => void>)[method]!.bind(client);
    return new Promise((resolve, reject) =>
      call(request, bearer(ADMIN_TOKEN), (error: ServiceError | null, response: T) =>
        error ? reject(error) : resolve(response),
      ),
    );
  }

  function classify(run: Started, key: string, texts: string[]): Promise<ClassifyResponse> {
    const client: InferenceClient = new (loadSieveProtos().grpc.sieve.v1.Inference)(
      run.address,
      credentials.createInsecure(),
    );
    clients.push(client);
    return new Promise((resolve, reject) =>
      client.Classify(
        { model: 'tiny', texts },
        bearer(key),
        { deadline: Date.now() + 60_000 },
        (error, response) => (error ? reject(error) : resolve(response!)),
      ),
    );
  }

  /** Redis 7's multi-part append-only file: the base and incremental files of `<data dir>/redis/appendonlydir`. */
  const appendOnlyFiles = () => {
    const dir = join(dataDir, 'redis', 'appendonlydir');
    return readdirSync(dir)
      .filter((name) => name.endsWith('.aof'))
      .map((name) => join(dir, name));
  };

  const tenantIds = async (run: Started) =>
    (await admin<{ tenants: Array<{ id: string }> }>(run, 'ListTenants', {})).tenants.map((t) => t.id).sort();

  async function interrupt(run: Started): Promise<number | null> {
    process.kill(-run.cli.pid!, 'SIGINT');
    return run.exited;
  }

  it('documents --data-dir in its help', async () => {
    const help = await runSieve(['start', '--help'], { env: { XDG_DATA_HOME: join(home, 'xdg') } });
    assert.equal(help.code, 0, help.stderr);
    const { stdout } = help;
    assert.match(stdout, /--data-dir <dir>/);
    // Commander wraps the help at the terminal's width.
    assert.ok(stdout.replace(/\s+/g, ' ').includes(`(default: ${join(home, 'xdg', 'sieve')})`), stdout);
  });

  it('keeps tenants, keys and batches across a Ctrl-C and a crash, one pnpm start per data directory', async () => {
    const first = await start();
    assert.match(first.output(), new RegExp(`keeping its data in ${join(dataDir, 'redis')}`));
    await admin(first, 'CreateTenant', { tenant: { id: 'acme', displayName: 'Acme' } });
    const { secret } = await admin<{ secret: string }>(first, 'IssueKey', { tenantId: 'acme', name: 'prod' });
    assert.equal((await classify(first, secret, ['before the restart'])).results.length, 1);
    const batches = new BatchClient(first.address, { apiKey: secret });
    clients.push(batches);
    const items = Array.from({ length: 40 }, (_, i) => ({ id: `i-${i}`, text: `batch text ${i}` }));
    const { batch } = await batches.submit({ model: 'tiny', idempotencyKey: 'persist-1' }, items);
    for (;;) {
      const state = (await batches.get(batch!.id)).state;
      if (state === 'BATCH_STATE_SUCCEEDED') break;
      assert.notEqual(state, 'BATCH_STATE_FAILED');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    // A second pnpm start on the same data would run a second Redis on the same append-only file.
    const second = launch(['--address', `127.0.0.1:${await freePort()}`, '--data-dir', dataDir]);
    const secondCode = await new Promise<number | null>((resolve) => second.cli.once('exit', resolve));
    assert.equal(secondCode, 1, second.output());
    assert.match(second.output(), /is in use by another sieve start \(pid \d+\)/);

    assert.equal(await interrupt(first), 0, first.output());
    assert.equal(existsSync(join(home, 'xdg')), false, 'nothing written to the default data directory');

    // Started again after a Ctrl-C: the tenant, its key and its batch are all there.
    const again = await start();
    assert.deepEqual(await tenantIds(again), ['acme']);
    assert.equal((await classify(again, secret, ['after the restart'])).results.length, 1);
    const kept = new BatchClient(again.address, { apiKey: secret });
    clients.push(kept);
    assert.equal((await kept.get(batch!.id)).state, 'BATCH_STATE_SUCCEEDED');
    const results: string[] = [];
    for await (const result of kept.results(batch!.id)) results.push(result.id);
    assert.deepEqual(
      results,
      items.map((item) => item.id),
    );

    // Written just before everything is killed (no orderly stop): once Redis has written it to its append-only file,
    // a crash of every process keeps it. Redis may answer before it writes (appendfsync everysec postpones the
    // write while its last fsync is still running, up to 2 s), which is why docs/operations.md says "the last
    // second or two": wait for the file, not for the answer.
    await admin(again, 'CreateTenant', { tenant: { id: 'globex' } });
    await waitUntil('the append-only file has the new tenant', async () =>
      appendOnlyFiles().some((file) => readFileSync(file).includes('globex')) ? true : undefined,
    );
    for (const pid of processesOf(marker, again.redisPort)) process.kill(pid, 'SIGKILL');
    await again.exited;

    const afterCrash = await start();
    assert.deepEqual(await tenantIds(afterCrash), ['acme', 'globex']);
    assert.equal((await classify(afterCrash, secret, ['after the crash'])).results.length, 1);
    assert.equal(await interrupt(afterCrash), 0, afterCrash.output());
  });
});
