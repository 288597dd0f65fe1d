import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { ReplyStatus } from '@sieve/queue';
import { RedisServerFixture } from '@sieve/testing';
import { BatchStore, InvalidPageTokenError } from '../src/batch-store.ts';
import { readBatchResults } from '../src/batch-result-reader.ts';
import type { BatchDraft } from '../src/batch-record.ts';
import type { StoredResult } from '../src/chunk-encoding.ts';

const PREFIX = '{t}';

describe('BatchStore', () => {
  let server: RedisServerFixture;
  let redis: Redis;
  let store: BatchStore;
  let counter = 0;

  before(async () => {
    server = await RedisServerFixture.start();
    redis = new Redis(server.url);
    store = new BatchStore(redis, PREFIX);
  });
  after(async () => {
    redis?.disconnect();
    await server?.close();
  });

  const draft = (tenant: string, key = `key-${counter}`): BatchDraft => ({
    id: `b-${String(++counter).padStart(8, '0')}`,
    tenant,
    model: 'tiny@1',
    digest: 'sha256:abc',
    displayName: '',
    idempotencyKey: key,
    options: { topK: 0, raw: false, truncation: 'r' },
    weight: 1,
    chunkSize: 2,
    retentionMs: 60_000,
  });

  const ok = (id: string): StoredResult => ({ id, labels: [['positive', 0.9]], tokens: 3, truncated: false });

  async function committed(tenant: string, items = 5, key?: string) {
    const d = draft(tenant, key);
    await store.stage(d, 60_000);
    for (let chunk = 0; chunk * 2 < items; chunk++) {
      const size = Math.min(2, items - chunk * 2);
      await store.stageChunk(
        d.id,
        chunk,
        Array.from({ length: size }, (_, i) => [`i${chunk * 2 + i}`, `text ${chunk * 2 + i}`]),
        60_000,
      );
    }
    const outcome = await store.commit(d.id, tenant, d.idempotencyKey, {
      total: items,
      chunks: Math.ceil(items / 2),
    });
    return { draft: d, outcome };
  }

  it('keeps a staged upload invisible, and commits it once per idempotency key', async () => {
    const d = draft('acme', 'same');
    await store.stage(d, 60_000);
    assert.equal(await store.get('acme', d.id), undefined, 'uploading is invisible');
    assert.ok((await redis.pttl(`${PREFIX}:batch:${d.id}`)) > 0, 'staging expires if abandoned');
    const first = await store.commit(d.id, 'acme', 'same', { total: 0, chunks: 0 });
    assert.deepEqual(first, { outcome: 'created', batchId: d.id });
    assert.equal(await redis.pttl(`${PREFIX}:batch:${d.id}`), -1, 'a committed batch does not expire');
    const other = draft('acme', 'same');
    await store.stage(other, 60_000);
    assert.deepEqual(await store.commit(other.id, 'acme', 'same', { total: 0, chunks: 0 }), {
      outcome: 'existing',
      batchId: d.id,
    });
    assert.deepEqual(await store.commit('b-neverstaged', 'acme', 'fresh', { total: 1, chunks: 1 }), {
      outcome: 'expired',
    });
  });

  it('writes each chunk exactly once and counts it once', async () => {
    const { draft: d } = await committed('acme', 3);
    assert.equal(await store.startChunk(d.id), 'running');
    const results = [ok('i0'), { id: 'i1', error: { code: 3, message: 'too long' } }];
    assert.equal(await store.writeChunkResults(d.id, 0, results), 'written');
    assert.equal(await store.writeChunkResults(d.id, 0, results), 'duplicate');
    assert.equal(await store.readChunkItems(d.id, 0), undefined, 'inputs are dropped once results exist');
    const record = await store.get('acme', d.id);
    assert.equal(record?.done, 1);
    assert.equal(record?.failed, 1);
    assert.equal(await store.writeChunkResults(d.id, 1, [ok('i2')]), 'written');
    assert.equal(await store.finish(d.id), 'succeeded');
    assert.equal(await store.finish(d.id), 'succeeded', 'ending twice changes nothing');
    const ended = await store.get('acme', d.id);
    assert.ok(ended && ended.endedAt > 0 && ended.expireAt === ended.endedAt + 60_000);
    assert.ok((await redis.pttl(`${PREFIX}:batch:${d.id}:results`)) > 0, 'results expire after retention');
    assert.equal(await store.writeChunkResults(d.id, 1, [ok('i2')]), 'ended');
  });

  it('fails a batch in which nothing could be classified', async () => {
    const { draft: d } = await committed('acme', 1);
    await store.startChunk(d.id);
    await store.writeChunkResults(d.id, 0, [{ id: 'i0', error: { code: 13, message: 'x' } }]);
    assert.equal(await store.finish(d.id), 'failed');
    const { error } = (await store.get('acme', d.id)) ?? {};
    assert.match(error?.message ?? '', /no item could be classified/);
    assert.equal(error?.code, ReplyStatus.INTERNAL);
  });

  it('cancels: later chunks are skipped and the lease is freed in the same step', async () => {
    const lease = { key: `${PREFIX}:leases:acme:max-concurrent-batches`, member: 'lease-1|1' };
    await redis.zadd(lease.key, Date.now() + 60_000, lease.member);
    const d = draft('acme');
    await store.stage(d, 60_000);
    await store.stageChunk(d.id, 0, [['a', 'b']], 60_000);
    await store.commit(d.id, 'acme', d.idempotencyKey, { total: 1, chunks: 1 }, lease);
    assert.equal(await store.cancel('globex', d.id), undefined, "another tenant's batch is not found");
    const cancelled = await store.cancel('acme', d.id);
    assert.equal(cancelled?.state, 'cancelled');
    assert.equal(await redis.zscore(lease.key, lease.member), null, 'the concurrent-batch slot is free');
    assert.equal(await store.startChunk(d.id), 'cancelled');
    assert.equal(await store.writeChunkResults(d.id, 0, [ok('a')]), 'ended');
  });

  it('scopes reads and lists to the tenant, newest first, in pages', async () => {
    const mine = [];
    for (let i = 0; i < 5; i++) mine.push((await committed('paged', 1)).draft.id);
    await committed('other', 1);
    const first = await store.list('paged', { pageSize: 2 });
    const second = await store.list('paged', { pageSize: 2, pageToken: first.nextPageToken });
    const third = await store.list('paged', { pageSize: 2, pageToken: second.nextPageToken });
    const ids = [...first.batches, ...second.batches, ...third.batches].map((b) => b.id);
    assert.deepEqual(new Set(ids), new Set(mine));
    assert.equal(third.nextPageToken, '');
    assert.equal(await store.get('other', mine[0]!), undefined);
    await assert.rejects(store.list('paged', { pageSize: 2, pageToken: 'garbage' }), InvalidPageTokenError);
    assert.equal(await store.read('../etc'), undefined, 'ids that are not ours never reach a key');
  });

  it('reads results in order from an offset, stopping at a gap unless the batch ended', async () => {
    const { draft: d } = await committed('reader', 5);
    await store.startChunk(d.id);
    await store.writeChunkResults(d.id, 0, [ok('i0'), ok('i1')]);
    await store.writeChunkResults(d.id, 2, [ok('i4')]);
    const read = async (offset: number) => {
      const record = (await store.get('reader', d.id))!;
      const indexes: number[] = [];
      let next = offset;
      for await (const page of readBatchResults(store, record, offset, { follow: false })) {
        indexes.push(...page.results.map((r) => r.index));
        next = page.nextOffset;
      }
      return { indexes, next };
    };
    assert.deepEqual(await read(1), { indexes: [1], next: 2 }, 'stops at the uncomputed chunk 1');
    await store.cancel('reader', d.id);
    assert.deepEqual(
      await read(0),
      { indexes: [0, 1, 4], next: 5 },
      'an ended batch skips chunks never computed',
    );
  });

  it("purges every key of a tenant's batches, and nothing of another tenant's", async () => {
    const running = await committed('purged', 5, 'running-key');
    await store.startChunk(running.draft.id);
    await store.writeChunkResults(running.draft.id, 0, [ok('i0'), ok('i1')]);
    const ended = await committed('purged', 3, 'ended-key');
    await store.cancel('purged', ended.draft.id);
    const kept = await committed('kept', 3, 'running-key');
    const keysOf = async (pattern: string) => (await redis.keys(pattern)).sort();
    assert.ok((await keysOf(`${PREFIX}:batch-idem:purged:*`)).length === 2);

    const deleted = await store.purgeTenant('purged');

    // running: record, items, results, idempotency key; cancelled before it ran: record, idempotency key; the index.
    assert.equal(deleted, 7);
    for (const id of [running.draft.id, ended.draft.id]) {
      assert.deepEqual(await keysOf(`${PREFIX}:batch:${id}*`), []);
    }
    assert.deepEqual(await keysOf(`${PREFIX}:batch-idem:purged:*`), []);
    assert.equal(await redis.exists(store.keys.tenantIndex('purged')), 0);
    assert.ok(await store.get('kept', kept.draft.id), "another tenant's batch stays");
    assert.ok(await store.findByIdempotencyKey('kept', 'running-key'));
    assert.equal(await store.purgeTenant('nobody'), 0);
  });
});
