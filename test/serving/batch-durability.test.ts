// Batch jobs survive what production throws at them: Redis restarted (with persistence) mid-batch, a gateway killed
// mid-upload and mid-results. In each case the batch finishes with every text classified exactly once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status, type ServiceError } from '@grpc/grpc-js';
import type { BatchResult } from '@sieve/api';
import { BatchClient } from '@sieve/client';
import { RedisServerFixture, SieveCluster, tinyModelDir } from '@sieve/testing';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Every write reaches the append-only file before Redis answers, as a production batch cluster should run.
const PERSISTENT = ['--appendonly', 'yes', '--appendfsync', 'always'];

function* items(count: number, tag: string): Generator<{ id: string; text: string }> {
  for (let i = 0; i < count; i++)
    yield { id: `${tag}-${i}`, text: `${tag} text ${i} ${'abc '.repeat(i % 9)}` };
}

describe('batch durability', { timeout: 600_000 }, () => {
  let cluster: SieveCluster;
  let redis: RedisServerFixture;

  before(async () => {
    redis = await RedisServerFixture.start(PERSISTENT);
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      redis,
      workers: 1,
      gateways: 2,
      workerEnv: { SIEVE_BATCH_LOCK_DURATION_MS: '2000', SIEVE_BATCH_STALLED_INTERVAL_MS: '1000' },
    });
  });
  after(async () => {
    await cluster?.stop();
  });

  const client = (gateway: number) => new BatchClient(cluster.gateways[gateway]!.address);

  async function finished(c: BatchClient, id: string) {
    for (;;) {
      try {
        const batch = await c.get(id);
        if (batch.state === 'BATCH_STATE_SUCCEEDED' || batch.state === 'BATCH_STATE_FAILED') return batch;
      } catch (error) {
        // While Redis restarts the gateway answers UNAVAILABLE; a client retries.
        if ((error as ServiceError).code !== status.UNAVAILABLE) throw error;
      }
      await settle(250);
    }
  }

  async function assertExactlyOnce(c: BatchClient, id: string, total: number, tag: string) {
    const results: BatchResult[] = [];
    for await (const result of c.results(id)) results.push(result);
    assert.equal(results.length, total);
    results.forEach((result, i) => {
      assert.equal(result.id, `${tag}-${i}`);
      assert.ok(result.classification, `item ${i} classified`);
    });
  }

  it('finishes exactly once across a Redis restart mid-batch', async () => {
    const c = client(0);
    const total = 30_000;
    const { batch } = await c.submit({ model: 'tiny', idempotencyKey: 'redis-restart' }, items(total, 'r'));
    const id = batch!.id;
    while (Number((await c.get(id)).doneCount) < 3000) await settle(50);
    await redis.stop();
    await settle(1500);
    await redis.launch(PERSISTENT);
    const ended = await finished(c, id);
    assert.equal(ended.state, 'BATCH_STATE_SUCCEEDED');
    assert.equal(Number(ended.doneCount), total, 'each text counted exactly once');
    assert.equal(Number(ended.failedCount), 0);
    await assertExactlyOnce(c, id, total, 'r');
    c.close();
  });

  it('creates one batch when a gateway dies mid-upload and the client retries elsewhere', async () => {
    const doomed = client(0);
    const survivor = client(1);
    const total = 50_000;
    let killed = false;
    const upload = doomed.submit(
      { model: 'tiny', idempotencyKey: 'gateway-dies' },
      items(total, 'g'),
      (sent) => {
        if (sent >= 10_000 && !killed) {
          killed = true;
          void cluster.gateways[0]!.process.kill('SIGKILL');
        }
      },
    );
    await assert.rejects(upload, (error: ServiceError) => error.code === status.UNAVAILABLE);
    const retried = await survivor.submit(
      { model: 'tiny', idempotencyKey: 'gateway-dies' },
      items(total, 'g'),
    );
    assert.equal(retried.existing, false, 'the broken upload created nothing');
    const id = retried.batch!.id;
    const listed = await survivor.list({ pageSize: 1000 });
    assert.equal(listed.batches.filter((b) => b.idempotencyKey === 'gateway-dies').length, 1);

    // Read half the results from one gateway, lose it, resume from the last offset on another.
    await finished(survivor, id);
    const replacement = await cluster.addGateway();
    const first = new BatchClient(replacement.address);
    const results: BatchResult[] = [];
    for await (const result of first.results(id)) {
      results.push(result);
      if (results.length === total / 2) break;
    }
    await replacement.process.kill('SIGKILL');
    for await (const result of survivor.results(id, { offset: results.length })) results.push(result);
    assert.equal(results.length, total);
    results.forEach((result, i) => assert.equal(result.id, `g-${i}`));
    for (const c of [doomed, survivor, first]) c.close();
  });
});
