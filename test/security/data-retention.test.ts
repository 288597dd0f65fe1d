// Texts live in Redis only as long as their work needs them: a Classify's texts are there while it waits for a worker
// and gone once it is answered; a batch job's keys expire after its result retention; and Admin.PurgeTenantData
// deletes a tenant's data, batch jobs included, leaving other tenants' data alone.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, status } from '@grpc/grpc-js';
import { loadSieveProtos, type AdminClient, type Batch, type ClassifyResponse } from '@sieve/api';
import { BatchClient } from '@sieve/client';
import { ApiKeyFormat } from '@sieve/tenancy';
import { SieveCluster, tinyModelDir } from '@sieve/testing';
import { describeError, unary } from './grpc-test-client.ts';
import { entriesHolding, redisContents, type RedisEntry } from './redis-contents.ts';
import { waitUntil } from '../fixtures/grpc-calls.ts';
import { writeTenantsFile } from '../fixtures/tenants-file.ts';

const ADMIN_TOKEN = 'admin-token-for-retention-tests-0123456789';
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const describeEntries = (entries: RedisEntry[]) => entries.map((entry) => `${entry.type} ${entry.key}`);

describe('data retention in Redis', { timeout: 180_000 }, () => {
  let cluster: SieveCluster;
  let dir: string;
  let admin: AdminClient;
  const acmeKey = ApiKeyFormat.generate().key;
  const globexKey = ApiKeyFormat.generate().key;
  let acme: BatchClient;
  let globex: BatchClient;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-retention-'));
    const tenants = writeTenantsFile(dir, [
      { id: 'acme', key: acmeKey },
      { id: 'globex', key: globexKey },
    ]).path;
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      gatewayEnv: { SIEVE_TENANTS_FILE: tenants, SIEVE_ADMIN_TOKEN: ADMIN_TOKEN },
    });
    const address = cluster.gateways[0]!.address;
    acme = new BatchClient(address, { apiKey: acmeKey });
    globex = new BatchClient(address, { apiKey: globexKey });
    admin = new (loadSieveProtos().grpc.sieve.v1.Admin)(address, credentials.createInsecure());
  });
  after(async () => {
    acme?.close();
    globex?.close();
    admin?.close();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const ended = (client: BatchClient, id: string) =>
    waitUntil<Batch>(`batch ${id} ended`, async () => {
      const batch = await client.get(id);
      return ['BATCH_STATE_SUCCEEDED', 'BATCH_STATE_FAILED', 'BATCH_STATE_CANCELLED'].includes(batch.state)
        ? batch
        : undefined;
    });

  it("holds a Classify's texts while it waits for a worker, and none once it is answered", async () => {
    const text = `retention-canary-${randomBytes(6).toString('hex')}`;
    const worker = cluster.workers[0]!;
    worker.signal('SIGSTOP');
    let answered: Promise<{ response?: ClassifyResponse }>;
    try {
      answered = unary<ClassifyResponse>(
        cluster.gateways[0]!.client,
        'Classify',
        { model: 'tiny', texts: [text, `${text} two`] },
        { key: acmeKey, deadlineMs: 30_000 },
      );
      const waiting = await waitUntil('the queued texts are in Redis', async () => {
        const holding = entriesHolding(await redisContents(cluster.redis.url), text);
        return holding.length > 0 ? holding : undefined;
      });
      assert.ok(
        waiting.some((entry) => entry.type === 'hash'),
        describeEntries(waiting).join(', '),
      );
    } finally {
      worker.signal('SIGCONT');
    }
    const { response } = await answered;
    assert.equal(response?.results.length, 2);
    const left = await waitUntil('the answered texts are gone from Redis', async () => {
      const holding = entriesHolding(await redisContents(cluster.redis.url), text);
      return holding.length === 0 ? holding : undefined;
    });
    assert.deepEqual(left, []);
  });

  it('deletes every key of a batch job once its result retention has passed', async () => {
    const submitted = await acme.submit(
      { model: 'tiny', idempotencyKey: 'short-lived', resultRetentionMs: 2000 },
      Array.from({ length: 300 }, (_, i) => ({ id: `item-${i}`, text: `short-lived text ${i}` })),
    );
    const id = submitted.batch!.id;
    const batch = await ended(acme, id);
    assert.equal(batch.state, 'BATCH_STATE_SUCCEEDED');
    const expireMs = Number(batch.expireTime!.seconds) * 1000 + Math.floor(batch.expireTime!.nanos / 1e6);
    const endMs = Number(batch.endTime!.seconds) * 1000 + Math.floor(batch.endTime!.nanos / 1e6);
    assert.ok(Math.abs(expireMs - endMs - 2000) < 1000, `expires ${expireMs - endMs} ms after its end`);
    const during = await redisContents(cluster.redis.url);
    assert.ok(entriesHolding(during, id).length > 0, 'the results are kept until the retention ends');
    assert.ok(entriesHolding(during, 'short-lived text').length === 0, 'the inputs are gone with the work');
    const idempotencyKey = `batch-idem:acme:${Buffer.from('short-lived').toString('base64url')}`;
    assert.ok(during.some((entry) => entry.key.endsWith(idempotencyKey)));

    await settle(Math.max(0, expireMs - Date.now()) + 200);
    const after = await redisContents(cluster.redis.url);
    // What may still name the id: BullMQ's capped event streams (ids and event names), the tenant's index and the
    // index of every tenant's batches, which List and Admin.ListBatches trim as they meet expired entries.
    const kept = entriesHolding(after, id).filter(
      (entry) => !entry.key.endsWith(':events') && !entry.key.includes(':batch-index'),
    );
    assert.deepEqual(describeEntries(kept), [], 'keys of the batch outlived its retention');
    assert.ok(!after.some((entry) => entry.key.endsWith(idempotencyKey)));
    await assert.rejects(acme.get(id), (error: { code: number }) => error.code === status.NOT_FOUND);
    assert.ok(!(await acme.list()).batches.some((listed) => listed.id === id));
    const listed = await unary<{ batches: unknown[] }>(admin, 'ListBatches', {}, { key: ADMIN_TOKEN });
    assert.ok(listed.response, describeError(listed.error));
    const trimmed = entriesHolding(await redisContents(cluster.redis.url), id);
    assert.deepEqual(describeEntries(trimmed.filter((entry) => !entry.key.endsWith(':events'))), []);
  });

  it("purges a tenant's batch jobs and usage with PurgeTenantData, and nothing of another tenant", async () => {
    const mine = await acme.submit(
      { model: 'tiny', idempotencyKey: 'to-purge' },
      Array.from({ length: 600 }, (_, i) => ({ id: `p-${i}`, text: `purge me ${i}` })),
    );
    const running = await acme.submit(
      { model: 'tiny', idempotencyKey: 'purged-while-queued' },
      Array.from({ length: 2000 }, (_, i) => ({ id: `q-${i}`, text: `queued ${i}` })),
    );
    const theirs = await globex.submit({ model: 'tiny', idempotencyKey: 'to-purge' }, [
      { id: 'g', text: 'keep me' },
    ]);
    await ended(acme, mine.batch!.id);
    await ended(globex, theirs.batch!.id);
    assert.ok(
      (
        await unary(
          cluster.gateways[0]!.client,
          'Classify',
          { model: 'tiny', texts: ['usage'] },
          { key: acmeKey },
        )
      ).response,
    );

    const purged = await unary<{ deletedKeys: number }>(
      admin,
      'PurgeTenantData',
      { tenantId: 'acme' },
      { key: ADMIN_TOKEN },
    );
    assert.ok(Number(purged.response?.deletedKeys) > 4, describeError(purged.error));

    const left = await redisContents(cluster.redis.url);
    for (const id of [mine.batch!.id, running.batch!.id]) {
      // Queued chunk jobs of the purged batch may still name it until a worker takes and skips them.
      const batchData = entriesHolding(left, id).filter((entry) =>
        /:batch:|batch-idem|batch-index/.test(entry.key),
      );
      assert.deepEqual(describeEntries(batchData), [], `batch ${id} survived the purge`);
    }
    assert.deepEqual(
      describeEntries(
        left.filter((entry) => /:batch-idem:acme:|:batch-index:acme$|:tenancy:data:acme:/.test(entry.key)),
      ),
      [],
    );
    assert.equal((await acme.list()).batches.length, 0);
    await assert.rejects(
      acme.get(mine.batch!.id),
      (error: { code: number }) => error.code === status.NOT_FOUND,
    );
    const usage = await unary<{ buckets: unknown[] }>(
      admin,
      'GetUsage',
      { tenantId: 'acme' },
      { key: ADMIN_TOKEN },
    );
    assert.deepEqual(usage.response?.buckets, []);

    assert.equal((await globex.get(theirs.batch!.id)).state, 'BATCH_STATE_SUCCEEDED');
    let results = 0;
    for await (const _ of globex.results(theirs.batch!.id)) results += 1;
    assert.equal(results, 1);
    // The tenant and its key stay: acme can start over.
    const again = await acme.submit({ model: 'tiny', idempotencyKey: 'to-purge' }, [
      { id: 'x', text: 'again' },
    ]);
    assert.equal(again.existing, false);
    // The purged batch's remaining chunks are skipped, not resurrected.
    await settle(1500);
    const later = await redisContents(cluster.redis.url);
    assert.deepEqual(
      describeEntries(entriesHolding(later, running.batch!.id).filter((entry) => /:batch:/.test(entry.key))),
      [],
    );
  });
});
