// `pnpm start` as a new user meets it: no flags, the model store in the user's data directory, a synthetic model
// made by `sieve models synth`. It serves the newest complete version (by manifest time, never an interrupted or
// manifest-less folder) as `sentiment`, says the weights are random (log and Models.Get), makes the admin token,
// gives every service its own metrics port, restarts a worker that dies while the other keeps serving, answers the
// calls in flight at a Ctrl-C, and writes nothing into the repository.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, createServer } from 'node:net';
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { loadSieveProtos, type ClassifyResponse, type InferenceClient } from '@sieve/api';
import { repoRoot, runSieve, spawnSieve } from '../fixtures/sieve-cli.ts';
import { processesOf } from '../fixtures/start-processes.ts';

/** Whether something accepts connections on the port (the private redis-server `pnpm start` made). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Files under the repository (outside node_modules, .git and build output) changed since `since`. */
function repositoryFilesChangedSince(since: number, dir = repoRoot): string[] {
  const changed: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', '.git', 'dist'].includes(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) changed.push(...repositoryFilesChangedSince(since, path));
    else if (entry.isFile() && statSync(path).mtimeMs >= since) changed.push(path);
  }
  return changed;
}

/** A port with the ones after it free, outside the ephemeral range freePort and the private Redis draw from. */
async function freePortRun(length: number): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 10_000);
    const checks = await Promise.all(Array.from({ length }, (_, i) => free(base + i)));
    if (checks.every(Boolean)) return base;
  }
}

describe(
  'pnpm start (sieve start) with no flags: the store model as a new user runs it',
  { timeout: 150_000 },
  () => {
    let cli: ChildProcess;
    let client: InferenceClient;
    let output = '';
    let redisPort = 0;
    let dataHome = '';
    let address = '';
    let httpAddress = '';
    let metricsPort = 0;
    let apiKey = '';
    const startedAt = Date.now();
    const marker = randomUUID();
    const { grpc } = loadSieveProtos();
    const closers: Array<{ close(): void }> = [];

    before(async () => {
      dataHome = mkdtempSync(join(tmpdir(), 'sieve-start-data-'));
      // None of the caller's Redis, admin token or model store.
      const env = {
        REDIS_URL: undefined,
        SIEVE_ADMIN_TOKEN: undefined,
        SIEVE_MODEL_STORE: undefined,
        SIEVE_START_TEST: marker,
        XDG_DATA_HOME: dataHome,
      };
      // Two synthesized versions, as the docs make them (each prints its path on stdout, nothing else).
      const made: string[] = [];
      for (let i = 0; i < 2; i++) {
        const synth = await runSieve(['models', 'synth', '--preset', 'tiny', '--no-progress'], { env });
        assert.equal(synth.code, 0, synth.stderr);
        made.push(synth.stdout.trim());
      }
      const store = join(dataHome, 'sieve', 'models', 'sentiment');
      assert.deepEqual(made, [join(store, '1'), join(store, '2')]);
      // Version 1 completed last (by its manifest's time), though its folder name sorts first.
      const manifestOf = (dir: string) =>
        JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as object;
      const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
      writeFileSync(
        join(store, '1', 'manifest.json'),
        JSON.stringify({ ...manifestOf(join(store, '1')), pulledAt: future(1) }),
      );
      // Newer still, but incomplete: an interrupted download with a manifest, and a folder without one.
      cpSync(join(store, '2'), join(store, '3.partial'), { recursive: true });
      writeFileSync(
        join(store, '3.partial', 'manifest.json'),
        JSON.stringify({ ...manifestOf(join(store, '2')), pulledAt: future(2) }),
      );
      cpSync(join(store, '2'), join(store, '4'), { recursive: true });
      rmSync(join(store, '4', 'manifest.json'));

      // All five outside the ephemeral range: the private redis-server's port is drawn from there after these are
      // chosen and before they are bound, and once drew the HTTP port (EADDRINUSE).
      metricsPort = await freePortRun(5);
      address = `127.0.0.1:${metricsPort + 3}`;
      httpAddress = `127.0.0.1:${metricsPort + 4}`;
      // Its own process group, as a shell gives a command it runs: a Ctrl-C there signals the whole group.
      cli = spawnSieve(
        [
          'start',
          '--address',
          address,
          '--workers',
          '2',
          '--metrics',
          `127.0.0.1:${metricsPort}`,
          '--http-address',
          httpAddress,
        ],
        { env },
      );
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no cluster within 90 s:\n${output}`)), 90_000);
        const read = (chunk: Buffer) => {
          output += chunk.toString();
          redisPort ||= Number(/private redis-server at redis:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1] ?? 0);
          // Ready once sieve start says so (its gateway answers and reports the model SERVING; the gateway's own
          // "served models changed" comes before it binds its port) and both workers are up.
          if (
            /sieve: ready: "sentiment" answers on /.test(output) &&
            output.split('"msg":"worker ready"').length === 3
          ) {
            clearTimeout(timer);
            resolve();
          }
        };
        // The services log to stdout, the launcher to stderr: both are read as one.
        cli.stdout!.on('data', read);
        cli.stderr!.on('data', read);
        cli.once('exit', (code) => reject(new Error(`sieve start exited (${code}):\n${output}`)));
      });
      client = new grpc.sieve.v1.Inference(address, credentials.createInsecure());
      closers.push(client);
    });

    after(() => {
      for (const closer of closers) closer.close();
      // Only if the test failed midway: whatever it started is still up.
      for (const pid of processesOf(marker, redisPort)) process.kill(pid, 'SIGKILL');
      if (dataHome) rmSync(dataHome, { recursive: true, force: true });
    });

    const bearer = (token: string) => {
      const metadata = new Metadata();
      if (token) metadata.set('authorization', `Bearer ${token}`);
      return metadata;
    };

    function call<T>(service: string, method: string, request: object, token = ''): Promise<T> {
      const Client = (grpc.sieve.v1 as unknown as Record<string, new (...args: unknown[]) => object>)[
        service
      ]!;
      const stub = new Client(address, credentials.createInsecure()) as Record<
        string,
        (...args: unknown[]) => void
      > & { close(): void };
      closers.push(stub);
      return new Promise((resolve, reject) =>
        stub[method]!.call(
          stub,
          request,
          bearer(token),
          { deadline: Date.now() + 60_000 },
          (error: ServiceError | null, response: T) => (error ? reject(error) : resolve(response)),
        ),
      );
    }

    function classify(texts: string[]): Promise<ClassifyResponse> {
      return new Promise((resolve, reject) =>
        client.Classify(
          { model: 'sentiment', texts },
          bearer(apiKey),
          { deadline: Date.now() + 60_000 },
          (error, response) =>
            error ? reject(error as ServiceError) : resolve(response as ClassifyResponse),
        ),
      );
    }

    it('serves the newest complete store version as "sentiment" and says its weights are random', async () => {
      const store = join(dataHome, 'sieve', 'models', 'sentiment');
      assert.ok(output.includes(`serving "sentiment" version 1 from ${join(store, '1')}`), output);
      assert.match(output, /sieve: synthetic model: random weights, answers mean nothing/);
      assert.match(
        output,
        /"service":"sieve-worker".*"msg":"synthetic model: random weights, answers mean nothing"/,
      );
      const { model } = await call<{ model: { name: string; version: string; synthetic: boolean } }>(
        'Models',
        'Get',
        { name: 'sentiment' },
      );
      assert.deepEqual([model.name, model.version, model.synthetic], ['sentiment', '1', true]);
      const { models } = await call<{ models: Array<{ name: string; synthetic: boolean }> }>(
        'Models',
        'List',
        {},
      );
      assert.deepEqual(
        models.map((m) => [m.name, m.synthetic]),
        [['sentiment', true]],
      );
      // The Quickstart's call: no key, on the loopback address (SIEVE_ALLOW_KEYLESS, which pnpm start sets there).
      assert.equal((await classify(['I love this'])).results.length, 1);
    });

    it("serves HTTP/JSON and TEI's /predict on --http-address, keyless on loopback like gRPC", async () => {
      assert.match(output, new RegExp(`HTTP/JSON and TEI routes on http://${httpAddress}`));
      const predict = await fetch(`http://${httpAddress}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: 'I love this' }),
      });
      assert.equal(predict.status, 200);
      const predictions = (await predict.json()) as Array<{ label: string; score: number }>;
      assert.ok(predictions.length >= 2 && predictions.every((p) => typeof p.score === 'number'));
      const info = (await (await fetch(`http://${httpAddress}/info`)).json()) as { model_id: string };
      assert.match(info.model_id, /^sentiment@/);
    });

    it('creates an owner-only admin token that opens the Admin API', async () => {
      const file = join(dataHome, 'sieve', 'admin-token');
      assert.ok(output.includes(`admin token created in ${file}`), output);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const token = readFileSync(file, 'utf8').trim();
      assert.ok(token.length >= 24);
      await call('Admin', 'CreateTenant', { tenant: { id: 'acme' } }, token);
      ({ secret: apiKey } = await call<{ secret: string }>('Admin', 'IssueKey', { tenantId: 'acme' }, token));
      assert.equal((await classify(['I love this'])).results.length, 1);
    });

    it('gives the gateway and each worker a metrics port of its own', async () => {
      const ports = [metricsPort, metricsPort + 1, metricsPort + 2];
      assert.ok(
        output.includes(
          `metrics: gateway http://127.0.0.1:${ports[0]}/metrics, worker 1 http://127.0.0.1:${ports[1]}/metrics, ` +
            `worker 2 http://127.0.0.1:${ports[2]}/metrics`,
        ),
        output,
      );
      const bodies = await Promise.all(
        ports.map(async (port) => {
          const response = await fetch(`http://127.0.0.1:${port}/metrics`);
          assert.equal(response.status, 200);
          return response.text();
        }),
      );
      assert.match(bodies[0]!, /sieve_gateway_/);
      assert.match(bodies[1]!, /sieve_worker_/);
      assert.match(bodies[2]!, /sieve_worker_/);
      assert.doesNotMatch(output, /EADDRINUSE/);
    });

    it('restarts a SIGKILLed worker while the other keeps serving', async () => {
      const workers = processesOf(marker, 0).filter((pid) =>
        readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('services/worker/'),
      );
      assert.equal(workers.length, 2, output);
      process.kill(workers[0]!, 'SIGKILL');
      // Served by the other worker meanwhile.
      for (let i = 0; i < 5; i++)
        assert.equal((await classify([`while one worker is down ${i}`])).results.length, 1);
      while (output.split('"msg":"worker ready"').length < 4) await new Promise((r) => setTimeout(r, 100));
      assert.match(output, /sieve: worker [12] exited unexpectedly \(SIGKILL\); restarting it in/);
      assert.match(output, /sieve: worker [12] restarting/);
      const after = processesOf(marker, 0).filter((pid) =>
        readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('services/worker/'),
      );
      assert.equal(after.length, 2);
      assert.ok(!after.includes(workers[0]!));
      assert.equal((await classify(['after the restart'])).results.length, 1);
    });

    it('answers the calls in flight at a Ctrl-C, then stops gateway, workers and its Redis, in that order', async () => {
      assert.ok(redisPort > 0, `no private Redis announced:\n${output}`);
      const texts = Array.from(
        { length: 64 },
        (_, i) => `text number ${i} of a call in flight at the interrupt`,
      );
      const inFlight = Array.from({ length: 24 }, () => classify(texts));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
      // What a terminal's Ctrl-C does: SIGINT to every process of the foreground group.
      process.kill(-cli.pid!, 'SIGINT');
      const answers = await Promise.allSettled(inFlight);
      const failed = answers.filter((answer) => answer.status === 'rejected');
      assert.equal(
        failed.length,
        0,
        `calls in flight lost at the interrupt: ${failed.map((f) => String((f as PromiseRejectedResult).reason)).join('; ')}`,
      );
      for (const answer of answers)
        assert.equal((answer as PromiseFulfilledResult<ClassifyResponse>).value.results.length, 64);
      assert.equal(await exited, 0, output);
      assert.equal(await listening(redisPort), false, 'the private redis-server outlived sieve start');
      const gatewayStopped = output.search(/"service":"sieve-gateway"[^\n]*"msg":"stopping/);
      const workerStopped = output.search(/"service":"sieve-worker"[^\n]*"msg":"stopping/);
      assert.ok(gatewayStopped >= 0 && workerStopped > gatewayStopped, `stop order in the log:\n${output}`);
    });

    it('wrote nothing into the repository (models, token, Redis data all in the data directory)', () => {
      const written = repositoryFilesChangedSince(startedAt).filter((path) =>
        /manifest\.json$|\.onnx$|admin-token$|appendonly|redis\.log$|sieve-start\.pid$/.test(path),
      );
      assert.deepEqual(written, []);
    });
  },
);
