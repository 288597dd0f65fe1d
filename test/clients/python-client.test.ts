// The Python client (clients/python) as its users run it: Debian's /usr/bin/python3 with python3-grpcio, against a
// cluster of processes. Its generated code must be what clients/python/generate.py writes from proto/ today.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Metadata } from '@grpc/grpc-js';
import type { ClassifyResponse } from '@sieve/api';
import { ApiKeyFormat } from '@sieve/tenancy';
import { SieveCluster, tinyModelDir } from '@sieve/testing';
import { writeTenantsFile } from '../fixtures/tenants-file.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const PYTHON = '/usr/bin/python3';
const MODEL = 'tiny';

const probe = spawnSync(PYTHON, ['-c', 'import grpc, google.protobuf'], { encoding: 'utf8' });
// .ci/run installs python3-grpcio, so in CI a missing module is a failure, not a skip.
const missing = probe.status === 0 ? false : 'apt-get install python3-grpcio (.ci/run does)';
if (missing && process.env.CI)
  throw new Error(`${PYTHON} lacks grpc although .ci/run installs python3-grpcio`);

function python(args: string[], timeout = 120_000): string {
  const run = spawnSync(PYTHON, args, { cwd: repoRoot, encoding: 'utf8', timeout });
  assert.equal(run.status, 0, `${args.join(' ')}\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

type Label = { label: string; score: number };

describe('the Python client', { timeout: 300_000, skip: missing }, () => {
  let cluster: SieveCluster;
  let dir: string;
  const key = ApiKeyFormat.generate().key;
  const slowKey = ApiKeyFormat.generate().key;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-python-'));
    const tenants = writeTenantsFile(dir, [
      { id: 'python', key },
      { id: 'slow', key: slowKey, limits: { requests_per_second: 1 } },
    ]).path;
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      gateways: 2,
      gatewayEnv: { SIEVE_TENANTS_FILE: tenants },
    });
  });
  after(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const scenario = <T>(name: string, apiKey = key): T =>
    JSON.parse(
      python([
        'test/clients/python_client_scenarios.py',
        cluster.gateways.map((g) => g.address).join(','),
        MODEL,
        apiKey,
        name,
      ]),
    ) as T;

  it('ships generated code that is what generate.py writes from proto/ today', () => {
    assert.match(python(['clients/python/generate.py', '--check']), /generated files are current/);
  });

  it('passes its own unit tests (retry rules, status details, batch input files)', () => {
    const run = spawnSync(PYTHON, ['-m', 'unittest', 'discover', '-s', 'tests', '-t', '.'], {
      cwd: join(repoRoot, 'clients/python'),
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /\nOK\n/);
  });

  it('classifies with the same scores as the gateway gives any client, and lists models', async () => {
    const out = scenario<{ model: string; results: Label[][]; models: string[]; get_model_labels: string[] }>(
      'classify',
    );
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${key}`);
    const expected = await new Promise<ClassifyResponse>((resolve, reject) =>
      cluster.gateways[0]!.client.Classify(
        { model: MODEL, texts: ['I love this', 'awful'] },
        metadata,
        { deadline: Date.now() + 20_000 },
        (error, response) => (error ? reject(error) : resolve(response as ClassifyResponse)),
      ),
    );
    assert.equal(out.model, expected.model);
    assert.equal(out.results[0]![0]!.label, expected.results[0]!.labels[0]!.label);
    assert.ok(Math.abs(out.results[1]![0]!.score - expected.results[1]!.labels[0]!.score) < 1e-5);
    assert.ok(out.models.includes(MODEL));
    assert.equal(out.get_model_labels.length, expected.results[0]!.labels.length);
  });

  it('streams a generator with at most max_in_flight requests unanswered, every item answered once', () => {
    const out = scenario<{ indices: number[]; most_out: number; window: number }>('stream');
    assert.deepEqual(
      out.indices,
      Array.from({ length: 40 }, (_, i) => i),
    );
    assert.ok(out.most_out <= out.window, `${out.most_out} requests out at once, window ${out.window}`);
  });

  it('submits a batch from a file (once per file), follows it and downloads, then resumes, its results', () => {
    const out = scenario<{
      total: number;
      existing: boolean;
      same_id: boolean;
      progress: string[];
      first: number;
      resumed: number;
      indices: number[];
      ids: string[];
      item7: Label[];
    }>('batch');
    assert.equal(out.total, 25);
    assert.equal(out.existing, true);
    assert.equal(out.same_id, true);
    assert.equal(out.progress.at(-1), 'BATCH_STATE_SUCCEEDED');
    assert.equal(out.first, 25);
    assert.equal(out.resumed, 15);
    assert.deepEqual(
      out.indices,
      Array.from({ length: 25 }, (_, i) => i),
    );
    assert.equal(out.ids[7], 'item-7');
    assert.equal(out.item7.length, 3);
  });

  it('raises SieveError with the code, the reason and the field violation', () => {
    const out = scenario<{
      invalid: { code: string; reason: string; violations: string[][] };
      missing: { code: string; reason: string };
    }>('error');
    assert.equal(out.invalid.code, 'INVALID_ARGUMENT');
    assert.equal(out.invalid.reason, 'INVALID_REQUEST');
    assert.ok(
      out.invalid.violations.some(([field]) => field === 'texts[1]'),
      JSON.stringify(out.invalid.violations),
    );
    assert.deepEqual(out.missing, { code: 'NOT_FOUND', reason: 'MODEL_NOT_FOUND' });
  });

  it('retries RESOURCE_EXHAUSTED after the RetryInfo delay, and never past the deadline', () => {
    const out = scenario<{
      answers: number[];
      retries: Array<{ code: string; retry_delay: number; delay: number }>;
      refused: { code: string; retry_delay: number } | null;
      short_deadline: string | null;
    }>('retry', slowKey);
    assert.deepEqual(out.answers, [1, 1, 1]);
    assert.ok(out.retries.length >= 1, 'three calls in a row at 1 request/s were never refused');
    for (const retry of out.retries) {
      assert.equal(retry.code, 'RESOURCE_EXHAUSTED');
      assert.ok(retry.retry_delay > 0);
      assert.ok(
        retry.delay >= retry.retry_delay,
        `waited ${retry.delay} s, RetryInfo said ${retry.retry_delay} s`,
      );
    }
    assert.equal(out.refused?.code, 'RESOURCE_EXHAUSTED');
    assert.ok(out.refused.retry_delay > 0);
    assert.equal(out.short_deadline, 'RESOURCE_EXHAUSTED');
  });

  it('goes on through a gateway killed mid-stream: unanswered items resent, unary calls retried on the other', async () => {
    const killedFile = join(dir, 'killed');
    const child = spawn(
      PYTHON,
      [
        'test/clients/python_client_scenarios.py',
        cluster.gateways.map((g) => g.address).join(','),
        MODEL,
        key,
        'failover',
        killedFile,
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const lines: string[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      lines.push(line);
      if (line.includes('"kill"')) {
        await cluster.gateways[0]!.process.kill('SIGKILL');
        writeFileSync(killedFile, '');
      }
    }
    assert.equal(await exited, 0, stderr);
    const out = JSON.parse(lines.at(-1)!) as {
      indices: number[];
      errors: string[];
      answers: number[];
      stream_retries: number;
      retries: Array<{ code: string }>;
    };
    assert.deepEqual(out.errors, []);
    assert.deepEqual(
      out.indices,
      Array.from({ length: 30 }, (_, i) => i),
    );
    assert.deepEqual(out.answers, [1, 1, 1, 1]);
    assert.ok(out.stream_retries >= 1, 'the stream never broke');
    assert.ok(out.retries.length > out.stream_retries, JSON.stringify(out.retries));
    assert.ok(out.retries.every((r) => r.code === 'UNAVAILABLE'));
  });
});
