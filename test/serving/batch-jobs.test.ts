// Batch jobs as users meet them: a streamed upload of 100,000 texts, progress, ordered and resumable results,
// idempotent resubmits, cancel, quotas, tenant isolation and bad input — against real gateways, workers and Redis.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status, type ServiceError } from '@grpc/grpc-js';
import { statusDetailsOf, type Batch, type BatchResult } from '@sieve/api';
import { BatchClient } from '@sieve/client';
import { TextClassifier } from '@sieve/runtime';
import { ApiKeyFormat } from '@sieve/tenancy';
import { SieveCluster, tinyModelDir } from '@sieve/testing';
import { runSieve } from '../fixtures/sieve-cli.ts';
import { writeTenantsFile } from '../fixtures/tenants-file.ts';

const sieve = (args: string[], env: Record<string, string> = {}) => runSieve(args, { env });

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function* items(count: number, tag: string): Generator<{ id: string; text: string }> {
  for (let i = 0; i < count; i++) {
    yield { id: `${tag}-${i}`, text: `${tag} message ${i} ${'lorem ipsum '.repeat(i % 13)}` };
  }
}

async function collect(results: AsyncIterable<BatchResult>): Promise<BatchResult[]> {
  const all: BatchResult[] = [];
  for await (const result of results) all.push(result);
  return all;
}

async function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as ServiceError;
  }
  assert.fail('expected the call to fail');
}

describe('batch jobs', { timeout: 600_000 }, () => {
  let cluster: SieveCluster;
  let dir: string;
  let local: TextClassifier;
  const acmeKey = ApiKeyFormat.generate().key;
  const globexKey = ApiKeyFormat.generate().key;
  const smallKey = ApiKeyFormat.generate().key;
  let acme: BatchClient;
  let acmeOther: BatchClient;
  let globex: BatchClient;
  let small: BatchClient;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-batches-'));
    const file = writeTenantsFile(dir, [
      { id: 'acme', key: acmeKey },
      { id: 'globex', key: globexKey },
      { id: 'small', key: smallKey, limits: { max_batch_texts: 20000, max_concurrent_batches: 1 } },
    ]).path;
    const modelDir = await tinyModelDir();
    local = await TextClassifier.load(modelDir, { intraOpThreads: 1 });
    cluster = await SieveCluster.start({
      modelDir,
      workers: 2,
      gateways: 2,
      gatewayEnv: { SIEVE_TENANTS_FILE: file },
      // Take over a dead worker's chunks after ~2 s instead of the production default of ~10 s.
      workerEnv: { SIEVE_BATCH_LOCK_DURATION_MS: '2000', SIEVE_BATCH_STALLED_INTERVAL_MS: '1000' },
    });
    acme = new BatchClient(cluster.gateways[0]!.address, { apiKey: acmeKey });
    acmeOther = new BatchClient(cluster.gateways[1]!.address, { apiKey: acmeKey });
    globex = new BatchClient(cluster.gateways[1]!.address, { apiKey: globexKey });
    small = new BatchClient(cluster.gateways[0]!.address, { apiKey: smallKey });
  });
  after(async () => {
    for (const client of [acme, acmeOther, globex, small]) client?.close();
    await cluster?.stop();
    await local?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function waitForEnd(client: BatchClient, id: string, onProgress?: (batch: Batch) => void) {
    for (;;) {
      const batch = await client.get(id);
      onProgress?.(batch);
      if (['BATCH_STATE_SUCCEEDED', 'BATCH_STATE_FAILED', 'BATCH_STATE_CANCELLED'].includes(batch.state)) {
        return batch;
      }
      await settle(200);
    }
  }

  it('runs 100,000 texts to completion with complete, ordered results and monotonic progress', async () => {
    const total = 100_000;
    const submitted = await acme.submit(
      { model: 'tiny', idempotencyKey: 'big-1', displayName: 'archive rescore' },
      items(total, 'big'),
    );
    assert.equal(submitted.existing, false);
    const batch = submitted.batch!;
    assert.match(batch.id, /^b-/);
    assert.equal(Number(batch.totalCount), total);
    assert.equal(batch.displayName, 'archive rescore');

    const seen: Array<{ done: number; state: string; eta: boolean }> = [];
    const ended = await waitForEnd(acmeOther, batch.id, (b) =>
      seen.push({ done: Number(b.doneCount), state: b.state, eta: b.eta !== null }),
    );
    assert.equal(ended.state, 'BATCH_STATE_SUCCEEDED');
    assert.equal(Number(ended.doneCount), total);
    assert.equal(Number(ended.failedCount), 0);
    assert.ok(ended.endTime && ended.startTime && ended.expireTime);
    for (let i = 1; i < seen.length; i++) {
      assert.ok(
        seen[i]!.done >= seen[i - 1]!.done,
        `progress went back: ${seen[i - 1]!.done} -> ${seen[i]!.done}`,
      );
    }
    assert.ok(
      seen.some((s) => s.state === 'BATCH_STATE_RUNNING' && s.eta),
      'a running batch reports an ETA',
    );

    const results = await collect(acme.results(batch.id));
    assert.equal(results.length, total);
    results.forEach((result, i) => {
      assert.equal(Number(result.index), i);
      assert.equal(result.id, `big-${i}`);
      assert.ok(result.classification, `result ${i} is classified`);
    });
    // Spot-check against the runtime in this process.
    const sample = [0, 1, 4242, 99_999];
    const texts = [...items(total, 'big')].filter((_, i) => sample.includes(i)).map((item) => item.text);
    const expected = await local.classify(texts);
    sample.forEach((index, j) =>
      assert.equal(results[index]!.classification!.labels[0]!.label, expected[j]!.labels[0]!.label),
    );

    // Resume from an offset, on the other gateway.
    const tail = await collect(acmeOther.results(batch.id, { offset: total - 300 }));
    assert.deepEqual(
      tail.map((r) => Number(r.index)),
      Array.from({ length: 300 }, (_, i) => total - 300 + i),
    );
  });

  it('returns the same batch for a retried submit with the same idempotency key', async () => {
    const first = await acme.submit({ model: 'tiny', idempotencyKey: 'retry-me' }, items(10, 'retry'));
    const again = await acmeOther.submit({ model: 'tiny', idempotencyKey: 'retry-me' }, items(10, 'retry'));
    assert.equal(first.existing, false);
    assert.equal(again.existing, true);
    assert.equal(again.batch!.id, first.batch!.id);
    await waitForEnd(acme, first.batch!.id);
  });

  it('follows results as they are computed', async () => {
    const { batch } = await acme.submit({ model: 'tiny', idempotencyKey: 'follow-1' }, items(3000, 'follow'));
    const results = await collect(acmeOther.results(batch!.id, { follow: true }));
    assert.equal(results.length, 3000);
    results.forEach((result, i) => assert.equal(result.id, `follow-${i}`));
  });

  it('cancels: stops the remaining chunks at once and keeps computed results readable', async () => {
    const total = 60_000;
    const { batch } = await acme.submit(
      { model: 'tiny', idempotencyKey: 'cancel-1' },
      items(total, 'cancel'),
    );
    const id = batch!.id;
    while (Number((await acme.get(id)).doneCount) === 0) await settle(50);
    const cancelled = await acme.cancel(id);
    assert.equal(cancelled.state, 'BATCH_STATE_CANCELLED');
    const doneAtCancel = Number(cancelled.doneCount);
    await settle(2000);
    const later = await acme.get(id);
    assert.equal(later.state, 'BATCH_STATE_CANCELLED');
    assert.equal(Number(later.doneCount), doneAtCancel, 'nothing more is written after cancel');
    assert.ok(doneAtCancel < total, 'the cancel came before the end');
    const results = await collect(acme.results(id));
    assert.equal(results.length, doneAtCancel);
    let previous = -1;
    for (const result of results) {
      const index = Number(result.index);
      assert.ok(index > previous, 'results stay in input order');
      assert.equal(result.id, `cancel-${index}`);
      previous = index;
    }
    // Cancelling again is harmless; cancelling a finished batch names the problem.
    assert.equal((await acme.cancel(id)).state, 'BATCH_STATE_CANCELLED');
    const done = await acme.submit({ model: 'tiny', idempotencyKey: 'cancel-done' }, items(5, 'x'));
    await waitForEnd(acme, done.batch!.id);
    const error = await rejection(acme.cancel(done.batch!.id));
    assert.equal(error.code, status.FAILED_PRECONDITION);
    assert.equal(statusDetailsOf(error).errorInfo?.reason, 'BATCH_ENDED');
  });

  it("keeps each tenant's batches invisible to the others (NOT_FOUND)", async () => {
    await acme.submit({ model: 'tiny', idempotencyKey: 'private-0' }, items(20, 'private'));
    const { batch } = await acme.submit({ model: 'tiny', idempotencyKey: 'private-1' }, items(20, 'private'));
    const id = batch!.id;
    for (const attempt of [
      () => globex.get(id),
      () => globex.cancel(id),
      () => collect(globex.results(id)),
    ]) {
      const error = await rejection(attempt());
      assert.equal(error.code, status.NOT_FOUND, String(error));
      assert.equal(statusDetailsOf(error).errorInfo?.reason, 'BATCH_NOT_FOUND');
    }
    const listed = await globex.list();
    assert.ok(!listed.batches.some((b) => b.id === id));
    // The same idempotency key is another tenant's own key: it creates globex's batch, not acme's.
    const theirs = await globex.submit({ model: 'tiny', idempotencyKey: 'private-1' }, items(3, 'g'));
    assert.equal(theirs.existing, false);
    assert.notEqual(theirs.batch!.id, id);
    const mine = await acme.list({ pageSize: 2 });
    assert.equal(mine.batches.length, 2);
    assert.ok(mine.nextPageToken, 'a second page exists');
    const next = await acme.list({ pageSize: 1000, pageToken: mine.nextPageToken });
    const all = [...mine.batches, ...next.batches].map((b) => b.id);
    assert.ok(all.includes(id));
    assert.equal(new Set(all).size, all.length, 'pages do not overlap');
    await waitForEnd(acme, id);
  });

  it('rejects bad input naming the item, and creates nothing', async () => {
    const before = (await acme.list({ pageSize: 1000 })).batches.length;
    const bad = [...items(1200, 'bad')];
    bad[1100] = { id: 'bad-1100', text: '   ' };
    const error = await rejection(acme.submit({ model: 'tiny', idempotencyKey: 'bad-1' }, bad));
    assert.equal(error.code, status.INVALID_ARGUMENT);
    const violation = statusDetailsOf(error).badRequest?.fieldViolations[0];
    assert.ok(violation, 'a field violation');
    assert.match(violation.field, /items\[\d+\]\.text/);
    assert.match(violation.description, /whitespace.*input item 1100/);
    const missingKey = await rejection(acme.submit({ model: 'tiny', idempotencyKey: '' }, items(1, 'k')));
    assert.equal(missingKey.code, status.INVALID_ARGUMENT);
    assert.match(missingKey.details, /idempotency_key/);
    const unknownModel = await rejection(acme.submit({ model: 'nope', idempotencyKey: 'm' }, items(1, 'k')));
    assert.equal(unknownModel.code, status.NOT_FOUND);
    const empty = await rejection(acme.submit({ model: 'tiny', idempotencyKey: 'empty' }, []));
    assert.equal(empty.code, status.INVALID_ARGUMENT);
    assert.equal((await acme.list({ pageSize: 1000 })).batches.length, before);
    // The key of the failed upload is still free.
    const ok = await acme.submit({ model: 'tiny', idempotencyKey: 'bad-1' }, items(3, 'good'));
    assert.equal(ok.existing, false);
  });

  it('enforces max batch size and concurrent batches', async () => {
    const tooBig = await rejection(
      small.submit({ model: 'tiny', idempotencyKey: 'big' }, items(20_001, 's')),
    );
    assert.equal(tooBig.code, status.RESOURCE_EXHAUSTED);
    assert.match(tooBig.details, /20000 texts per batch/);
    const first = await small.submit({ model: 'tiny', idempotencyKey: 'one' }, items(20_000, 's'));
    const second = await rejection(small.submit({ model: 'tiny', idempotencyKey: 'two' }, items(10, 's')));
    assert.equal(second.code, status.RESOURCE_EXHAUSTED);
    assert.equal(statusDetailsOf(second).quotaFailure?.violations[0]?.description, 'max-concurrent-batches');
    // The slot frees when the batch ends.
    await waitForEnd(small, first.batch!.id);
    const third = await small.submit({ model: 'tiny', idempotencyKey: 'three' }, items(10, 's'));
    assert.equal(third.existing, false);
    await waitForEnd(small, third.batch!.id);
  });

  it('works from the CLI: submit a file, status, list, results; a bad line submits nothing', async () => {
    const env = { SIEVE_API_KEY: globexKey, SIEVE_ADDRESS: cluster.gateways[0]!.address };
    const good = join(dir, 'input.jsonl');
    writeFileSync(
      good,
      Array.from({ length: 700 }, (_, i) =>
        JSON.stringify({ id: `line-${i + 1}`, text: `cli text ${i}` }),
      ).join('\n'),
    );
    const submitted = await sieve(
      ['batch', 'submit', good, '--model', 'tiny', '--name', 'from the cli', '--json'],
      env,
    );
    assert.equal(submitted.code, 0, submitted.stderr);
    const { id } = JSON.parse(submitted.stdout) as { id: string };
    assert.match(id, /^b-/);
    // Submitting the same file again is safe: same batch.
    const again = await sieve(['batch', 'submit', good, '--model', 'tiny', '--json'], env);
    assert.equal((JSON.parse(again.stdout) as { id: string; existing: boolean }).id, id);
    assert.equal((JSON.parse(again.stdout) as { existing: boolean }).existing, true);
    await waitForEnd(globex, id);

    const shown = await sieve(['batch', 'status', id], env);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, new RegExp(`${id}  succeeded  700/700`));
    const listed = await sieve(['batch', 'list', '--state', 'succeeded'], env);
    assert.match(listed.stdout, new RegExp(id));
    const results = await sieve(['batch', 'results', id], env);
    assert.equal(results.code, 0, results.stderr);
    const lines = results.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { index: number; id: string; labels: unknown[] });
    assert.equal(lines.length, 700);
    lines.forEach((line, i) => {
      assert.equal(line.index, i);
      assert.equal(line.id, `line-${i + 1}`);
      assert.ok(line.labels.length > 0);
    });
    const resumed = await sieve(['batch', 'results', id, '--offset', '690'], env);
    assert.equal(resumed.stdout.trim().split('\n').length, 10);

    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"text":"fine"}\n{"text":"also fine"}\n{"text": 42}\n');
    const before = (await globex.list({ pageSize: 1000 })).batches.length;
    const rejected = await sieve(['batch', 'submit', bad, '--model', 'tiny'], env);
    assert.equal(rejected.code, 2);
    assert.match(rejected.stderr, /bad\.jsonl:3: "text" must be a string; nothing was submitted/);
    assert.equal((await globex.list({ pageSize: 1000 })).batches.length, before);

    const unknown = await sieve(['batch', 'status', 'b-doesnotexist0000'], env);
    assert.equal(unknown.code, 5, 'NOT_FOUND exits 5');
    assert.match(unknown.stderr, /NOT_FOUND: no batch "b-doesnotexist0000"/);
  });

  it('loses and duplicates nothing when a worker is killed mid-batch', async () => {
    const total = 40_000;
    const { batch } = await acme.submit({ model: 'tiny', idempotencyKey: 'kill-1' }, items(total, 'kill'));
    const id = batch!.id;
    while (Number((await acme.get(id)).doneCount) < 2000) await settle(50);
    await cluster.workers[0]!.kill('SIGKILL');
    const ended = await waitForEnd(acme, id);
    assert.equal(ended.state, 'BATCH_STATE_SUCCEEDED');
    assert.equal(Number(ended.doneCount), total, 'every text counted exactly once');
    assert.equal(Number(ended.failedCount), 0);
    const results = await collect(acme.results(id));
    assert.equal(results.length, total);
    results.forEach((result, i) => assert.equal(result.id, `kill-${i}`));
    await cluster.addWorker({
      SIEVE_BATCH_LOCK_DURATION_MS: '2000',
      SIEVE_BATCH_STALLED_INTERVAL_MS: '1000',
    });
  });
});
