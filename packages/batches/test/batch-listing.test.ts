import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { RedisServerFixture } from '@sieve/testing';
import { BatchStore, InvalidPageTokenError } from '../src/batch-store.ts';
import { BatchListing, SCAN_WINDOW } from '../src/batch-listing.ts';

const PREFIX = '{l}';

describe('BatchListing (across tenants)', () => {
  let server: RedisServerFixture;
  let redis: Redis;
  let store: BatchStore;
  let listing: BatchListing;
  let counter = 0;
  let clock = 1_000_000;

  before(async () => {
    server = await RedisServerFixture.start();
    redis = new Redis(server.url);
    store = new BatchStore(redis, PREFIX);
    listing = new BatchListing(redis, store.keys, (id) => store.read(id));
  });
  after(async () => {
    redis?.disconnect();
    await server?.close();
  });

  /** Commits a batch of one item at a chosen creation time (ties included). */
  async function commit(tenant: string, model = 'tiny@1', at = (clock += 10)): Promise<string> {
    const id = `b-${String(++counter).padStart(8, '0')}`;
    await store.stage(
      {
        id,
        tenant,
        model,
        digest: 'sha256:abc',
        displayName: '',
        idempotencyKey: `key-${counter}`,
        options: { topK: 0, raw: false, truncation: 'r' },
        weight: 1,
        chunkSize: 2,
        retentionMs: 60_000,
      },
      60_000,
    );
    await store.stageChunk(id, 0, [['i', 'a text']], 60_000);
    const outcome = await store.commit(id, tenant, `key-${counter}`, { total: 1, chunks: 1 }, undefined, at);
    assert.equal(outcome.outcome, 'created');
    return id;
  }

  async function everyPage(query: Parameters<BatchListing['list']>[0]) {
    const pages = [];
    let token: string | undefined;
    do {
      const page = await listing.list({ ...query, pageToken: token });
      pages.push(page.batches.map((batch) => `${batch.tenant}/${batch.id}`));
      token = page.nextPageToken || undefined;
    } while (token);
    return pages;
  }

  it('lists every tenant newest first in pages that a new batch does not shift', async () => {
    const acme = [await commit('acme'), await commit('acme')];
    const globex = [await commit('globex', 'other@2'), await commit('globex')];
    const first = await listing.list({ pageSize: 3 });
    assert.deepEqual(
      first.batches.map((batch) => batch.id),
      [globex[1], globex[0], acme[1]],
    );
    await commit('acme');
    const second = await listing.list({ pageSize: 3, pageToken: first.nextPageToken });
    assert.deepEqual(
      second.batches.map((batch) => batch.id),
      [acme[0]],
    );
    assert.equal(second.nextPageToken, '');
  });

  it('filters by tenant, state and model ("name" every version, "name@version" one)', async () => {
    const cancelled = await commit('initech', 'tiny@2');
    await store.cancel('initech', cancelled);
    const other = await commit('initech', 'other@2');
    const flat = async (query: Parameters<BatchListing['list']>[0]) => (await everyPage(query)).flat();
    assert.deepEqual(await flat({ pageSize: 10, tenant: 'initech' }), [
      `initech/${other}`,
      `initech/${cancelled}`,
    ]);
    assert.deepEqual(await flat({ pageSize: 10, tenant: 'initech', state: 'cancelled' }), [
      `initech/${cancelled}`,
    ]);
    assert.deepEqual(await flat({ pageSize: 10, tenant: 'initech', model: 'tiny' }), [
      `initech/${cancelled}`,
    ]);
    assert.deepEqual(await flat({ pageSize: 10, model: 'other@2' }).then((all) => all.slice(0, 1)), [
      `initech/${other}`,
    ]);
    assert.deepEqual(await flat({ pageSize: 10, model: 'tin' }), [], 'a name is matched whole');
  });

  it('pages through batches committed in the same millisecond without losing or repeating one', async () => {
    const at = (clock += 1000);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await commit('ties', 'tiny@1', at));
    const pages = await everyPage({ pageSize: 2, tenant: 'ties' });
    assert.deepEqual(pages.flat().sort(), ids.map((id) => `ties/${id}`).sort());
    assert.deepEqual(
      pages.map((page) => page.length),
      [2, 2, 1],
    );
  });

  it('reads a bounded window per call: a rare match comes back in short pages with a token', async () => {
    const rare = await commit('needle', 'rare@1');
    for (let i = 0; i < SCAN_WINDOW + 5; i++) await commit('hay');
    const first = await listing.list({ pageSize: 10, model: 'rare' });
    assert.deepEqual(first.batches, [], 'the window ran out before the match');
    assert.notEqual(first.nextPageToken, '');
    const second = await listing.list({ pageSize: 10, model: 'rare', pageToken: first.nextPageToken });
    assert.deepEqual(
      second.batches.map((batch) => batch.id),
      [rare],
    );
  });

  it('drops expired batches from the index and rejects a token it did not make', async () => {
    const kept = await commit('expired');
    const gone = await commit('expired');
    await redis.del(store.keys.record(gone));
    assert.deepEqual(await everyPage({ pageSize: 10, tenant: 'expired' }), [[`expired/${kept}`]]);
    assert.equal(await redis.zscore(store.keys.tenantIndex('expired'), gone), null);
    const newest = await listing.list({ pageSize: 1 });
    assert.deepEqual(
      newest.batches.map((batch) => batch.id),
      [kept],
    );
    assert.equal(await redis.zscore(store.keys.allIndex, gone), null, "trimmed from every tenant's index");
    await assert.rejects(listing.list({ pageSize: 2, pageToken: 'garbage' }), InvalidPageTokenError);
  });

  it("leaves other tenants' entries when a tenant is purged", async () => {
    const mine = await commit('purged');
    const theirs = await commit('kept');
    await store.purgeTenant('purged');
    assert.equal(await redis.zscore(store.keys.allIndex, mine), null);
    assert.notEqual(await redis.zscore(store.keys.allIndex, theirs), null);
  });
});
