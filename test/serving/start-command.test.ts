import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { fileURLToPath } from 'node:url';
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { loadSieveProtos, type ClassifyResponse, type InferenceClient } from '@sieve/api';
import { freePort, tinyModelDir } from '@sieve/testing';
import { processesOf } from '../fixtures/start-processes.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

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

describe('pnpm start (sieve start): a cluster on one machine', { timeout: 120_000 }, () => {
  let cli: ChildProcess;
  let client: InferenceClient;
  let stderr = '';
  let redisPort = 0;
  let dataHome = '';
  const marker = `SIEVE_START_TEST=${randomUUID()}`;

  before(async () => {
    const modelDir = await tinyModelDir();
    const address = `127.0.0.1:${await freePort()}`;
    const { REDIS_URL: _shared, ...inherited } = process.env;
    // The private Redis keeps its data in the user's data directory: a throwaway one here.
    dataHome = mkdtempSync(join(tmpdir(), 'sieve-start-data-'));
    const env = { ...inherited, SIEVE_START_TEST: marker.split('=')[1]!, XDG_DATA_HOME: dataHome };
    // Its own process group, as a shell gives a command it runs: a Ctrl-C there signals the whole group.
    cli = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'packages/cli/src/main.ts',
        'start',
        '--model-dir',
        modelDir,
        '--model-name',
        'tiny',
        '--address',
        address,
      ],
      { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no cluster within 60 s:\n${stderr}`)), 60_000);
      const read = (chunk: Buffer) => {
        stderr += chunk.toString();
        redisPort ||= Number(/private redis-server at redis:\/\/127\.0\.0\.1:(\d+)/.exec(stderr)?.[1] ?? 0);
        // Ready once the gateway has seen the worker's model (it then routes calls to it).
        if (/served models changed/.test(stderr) && /worker ready/.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      };
      // The services log to stdout, the launcher to stderr: both are read as one.
      cli.stdout!.on('data', read);
      cli.stderr!.on('data', read);
      cli.once('exit', (code) => reject(new Error(`sieve start exited (${code}):\n${stderr}`)));
    });
    const { grpc } = loadSieveProtos();
    client = new grpc.sieve.v1.Inference(address, credentials.createInsecure());
  });

  after(() => {
    client?.close();
    // Only if the test failed midway: whatever it started is still up.
    for (const pid of processesOf(marker, redisPort)) process.kill(pid, 'SIGKILL');
    if (dataHome) rmSync(dataHome, { recursive: true, force: true });
  });

  function classify(texts: string[]): Promise<ClassifyResponse> {
    return new Promise((resolve, reject) =>
      client.Classify(
        { model: 'tiny', texts },
        new Metadata(),
        { deadline: Date.now() + 60_000 },
        (error, response) => (error ? reject(error as ServiceError) : resolve(response as ClassifyResponse)),
      ),
    );
  }

  it('answers the calls in flight at a Ctrl-C, then stops gateway, workers and its Redis, in that order', async () => {
    assert.ok(redisPort > 0, `no private Redis announced:\n${stderr}`);
    assert.equal((await classify(['warm up'])).results.length, 1);
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
    assert.equal(await exited, 0, stderr);
    assert.equal(await listening(redisPort), false, 'the private redis-server outlived sieve start');
    const gatewayStopped = stderr.search(/"service":"sieve-gateway"[^\n]*"msg":"stopping/);
    const workerStopped = stderr.search(/"service":"sieve-worker"[^\n]*"msg":"stopping/);
    assert.ok(gatewayStopped >= 0 && workerStopped > gatewayStopped, `stop order in the log:\n${stderr}`);
  });
});
