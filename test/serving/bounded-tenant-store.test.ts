// BoundedTenantStore (packages/queue) against real Redis servers: what one tenant can make Redis hold is bounded in
// entries and bytes, the oldest entries go first, entries expire and so does an idle tenant's whole structure,
// tenants never evict each other, a purge takes one tenant's entries only, and every key shares the prefix's slot
// on Redis Cluster. It lives here rather than in packages/queue/test because @sieve/testing (the Redis fixtures)
// depends on @sieve/queue. Also measured: what an entry really costs Redis (MEMORY USAGE), printed as diagnostics
// and checked against what the store counts, so that the byte bound stays a bound on memory.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BoundedTenantStore, KeyedDigest, entryBytes } from '@sieve/queue';
import { LuaScript, RedisMemoryGuard, redisConnection, type RedisClient } from '@sieve/redis';
import { RedisClusterFixture, RedisServerFixture } from '@sieve/testing';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const field = (i: number) => `f${String(i).padStart(4, '0')}`;
const PREFIX = '{bounded-test}';

describe('BoundedTenantStore', { timeout: 120_000 }, () => {
  let server: RedisServerFixture;
  let redis: RedisClient;
  let tenant = 0;
  /** A store of its own tenant per test, so tests never see each other's entries. */
  const storeOf = (options: Partial<ConstructorParameters<typeof BoundedTenantStore>[0]> = {}) => ({
    store: new BoundedTenantStore({
      redis,
      prefix: PREFIX,
      name: 'test',
      ttlMs: 60_000,
      maxEntries: 1000,
      maxBytes: 1 << 20,
      ...options,
    }),
    tenant: `t${(tenant += 1)}`,
  });

  before(async () => {
    server = await RedisServerFixture.start();
    redis = redisConnection({ url: server.url });
  });
  after(async () => {
    redis?.disconnect();
    await server?.close();
  });

  it('keeps at most maxEntries per tenant, evicting the oldest first', async () => {
    const { store, tenant } = storeOf({ maxEntries: 5 });
    for (let i = 0; i < 8; i++) {
      await store.write(tenant, [[field(i), `value ${i}`]]);
      await settle(2);
    }
    assert.equal((await store.usage(tenant)).entries, 5);
    const values = await store.read(
      tenant,
      Array.from({ length: 8 }, (_, i) => field(i)),
    );
    assert.deepEqual(values, [
      undefined,
      undefined,
      undefined,
      'value 3',
      'value 4',
      'value 5',
      'value 6',
      'value 7',
    ]);
  });

  it('keeps at most maxBytes per tenant, counting what each entry costs Redis', async () => {
    const value = 'x'.repeat(100);
    const size = entryBytes(field(0).length, value.length);
    const { store, tenant } = storeOf({ maxBytes: size * 3 + size / 2 });
    const outcome = await store.write(
      tenant,
      Array.from({ length: 10 }, (_, i) => [field(i), value] as const),
    );
    assert.deepEqual(outcome, { skipped: false, written: 10, evicted: 7, entries: 3, bytes: size * 3 });
    assert.deepEqual(await store.usage(tenant), { entries: 3, bytes: size * 3 });
    const kept = await store.read(tenant, [field(6), field(7), field(8), field(9)]);
    assert.deepEqual(kept, [undefined, value, value, value]);
  });

  it('moves an entry written again to the back of the order, and counts its bytes once', async () => {
    const { store, tenant } = storeOf({ maxEntries: 3 });
    await store.write(tenant, [
      [field(0), 'a'],
      [field(1), 'b'],
      [field(2), 'c'],
    ]);
    // The order is by expiry in milliseconds: a rewrite in the same millisecond would tie with the first writes.
    await settle(5);
    await store.write(tenant, [[field(0), 'a, longer now']]);
    await settle(5);
    await store.write(tenant, [[field(3), 'd']]);
    assert.deepEqual(await store.read(tenant, [field(0), field(1), field(2), field(3)]), [
      'a, longer now',
      undefined,
      'c',
      'd',
    ]);
    const expected = [
      [field(0), 'a, longer now'],
      [field(2), 'c'],
      [field(3), 'd'],
    ].reduce((sum, [f, v]) => sum + entryBytes(f!.length, v!.length), 0);
    assert.deepEqual(await store.usage(tenant), { entries: 3, bytes: expected });
  });

  it('does not store an entry larger than maxBytes on its own, and keeps the others', async () => {
    const { store, tenant } = storeOf({ maxBytes: 400 });
    const outcome = await store.write(tenant, [
      [field(0), 'small'],
      [field(1), 'y'.repeat(500)],
    ]);
    assert.equal(outcome.skipped, false);
    assert.equal(!outcome.skipped && outcome.written, 1);
    assert.deepEqual(await store.read(tenant, [field(0), field(1)]), ['small', undefined]);
  });

  it('reads an expired entry as missing, drops it on the next write, and lets an idle tenant expire whole', async () => {
    // A TTL of a second and waits half a second clear of it either way: an entry read as present must still be
    // young enough however slowly a busy machine runs the calls between (300 ms with 150 ms of slack was not).
    const { store, tenant } = storeOf({ ttlMs: 1000 });
    await store.write(tenant, [[field(0), 'short-lived']]);
    assert.deepEqual(await store.read(tenant, [field(0)]), ['short-lived']);
    const keys = Object.values(store.keysOf(tenant));
    for (const key of keys) {
      const ttl = await redis.pttl(key);
      assert.ok(ttl > 0 && ttl <= 1000, `${key} expires (${ttl} ms)`);
    }
    await settle(1050);
    assert.deepEqual(await store.read(tenant, [field(0)]), [undefined]);
    assert.equal(await redis.exists(...keys), 0, 'the structure expired with its last entry');

    const { store: longer, tenant: other } = storeOf({ ttlMs: 1000 });
    await longer.write(other, [[field(0), 'first']]);
    await settle(600);
    await longer.write(other, [[field(1), 'second']]);
    await settle(450);
    assert.deepEqual(await longer.read(other, [field(0), field(1)]), [undefined, 'second']);
    const outcome = await longer.write(other, [[field(2), 'third']]);
    assert.deepEqual(outcome.skipped === false && [outcome.evicted, outcome.entries], [1, 2]);
  });

  it("never evicts another tenant's entries, however much one tenant writes", async () => {
    const { store, tenant: quiet } = storeOf({ maxEntries: 50, maxBytes: 20_000 });
    const loud = `${quiet}-loud`;
    await store.write(quiet, [[field(0), 'kept']]);
    for (let round = 0; round < 20; round++) {
      await store.write(
        loud,
        Array.from({ length: 50 }, (_, i) => [`${round}-${i}`, randomBytes(40).toString('hex')] as const),
      );
    }
    assert.deepEqual(await store.read(quiet, [field(0)]), ['kept']);
    const usage = await store.usage(loud);
    assert.ok(usage.entries <= 50 && usage.bytes <= 20_000, JSON.stringify(usage));
  });

  it("purges one tenant's entries and nothing of another, answering how many it deleted", async () => {
    const { store, tenant } = storeOf();
    const other = `${tenant}-other`;
    await store.write(tenant, [
      [field(0), 'a'],
      [field(1), 'b'],
    ]);
    await store.write(other, [[field(0), 'c']]);
    assert.equal(await store.purge(tenant), 2);
    assert.equal(await redis.exists(...Object.values(store.keysOf(tenant))), 0);
    assert.deepEqual(await store.read(tenant, [field(0), field(1)]), [undefined, undefined]);
    assert.deepEqual(await store.read(other, [field(0)]), ['c']);
    assert.equal(await store.purge(tenant), 0);
  });

  it('sends nothing while writes are held back, and reads go on', async () => {
    let writable = true;
    const { store, tenant } = storeOf({ writable: () => writable });
    await store.write(tenant, [[field(0), 'before']]);
    writable = false;
    assert.deepEqual(await store.write(tenant, [[field(1), 'during']]), { skipped: true });
    assert.deepEqual(await store.read(tenant, [field(0), field(1)]), ['before', undefined]);
  });

  it('runs its scripts again after Redis forgot them (SCRIPT FLUSH, a restart, a failover)', async () => {
    const { store, tenant } = storeOf();
    await store.write(tenant, [[field(0), 'one']]);
    await redis.script('FLUSH');
    await store.write(tenant, [[field(1), 'two']]);
    assert.deepEqual(await store.read(tenant, [field(0), field(1)]), ['one', 'two']);
    assert.throws(
      () => new LuaScript(new URL('file:///nowhere/no-key-count.lua')),
      /must be named <name>-<numKeys>\.lua/,
    );
  });

  it('costs Redis about what it counts: bytes per entry measured with MEMORY USAGE', async (t) => {
    const digest = new KeyedDigest(randomBytes(32));
    // A response-cache entry: a 43-character keyed digest and a 3-label answer as the cache stores it; and a
    // request-id entry of a 256-text call (~18 KB), where the allocator's size classes show.
    const small = JSON.stringify([12, 0, 'positive', 0.8123, 'neutral', 0.1234, 'negative', 0.0643]);
    const large = 'z'.repeat(18_000);
    for (const [count, answer] of [
      [100, small],
      [10_000, small],
      [200, large],
    ] as const) {
      const { store, tenant } = storeOf({ maxEntries: 100_000, maxBytes: 1 << 30 });
      for (let from = 0; from < count; from += 256) {
        await store.write(
          tenant,
          Array.from(
            { length: Math.min(256, count - from) },
            (_, i) => [digest.of(from + i), answer] as const,
          ),
        );
      }
      const keys = store.keysOf(tenant);
      let used = 0;
      for (const key of Object.values(keys)) used += Number(await redis.memory('USAGE', key, 'SAMPLES', 0));
      const counted = (await store.usage(tenant)).bytes;
      const perEntry = used / count;
      t.diagnostic(
        `${count} entries of ${digest.of(0).length}-byte fields and ${answer.length}-byte values: ` +
          `${perEntry.toFixed(1)} bytes each in Redis (MEMORY USAGE), ${(counted / count).toFixed(1)} counted`,
      );
      // The count must not undercount what Redis holds by much (it is the bound), nor be far above it: small
      // structures are packed (listpack) and cost less than the count, large ones (hash table, skiplist) about it.
      assert.ok(counted >= used * 0.9 && counted <= used * 1.8, `counted ${counted}, used ${used}`);
      await store.purge(tenant);
    }
  });
});

describe('BoundedTenantStore and RedisMemoryGuard on Redis Cluster', { timeout: 120_000 }, () => {
  it('keeps every key of a tenant in the slot of the prefix, and reads INFO of every primary', async () => {
    const fixture = await RedisClusterFixture.start();
    const redis = redisConnection({ url: fixture.url, cluster: true });
    const guard = new RedisMemoryGuard({ redis, highWater: 0.8 });
    try {
      const store = new BoundedTenantStore({
        redis,
        prefix: PREFIX,
        name: 'test',
        ttlMs: 60_000,
        maxEntries: 2,
        maxBytes: 1 << 20,
      });
      await store.write('acme', [
        ['a', '1'],
        ['b', '2'],
        ['c', '3'],
      ]);
      assert.deepEqual(await store.read('acme', ['a', 'b', 'c']), [undefined, '2', '3']);
      assert.equal(await store.purge('acme'), 2);
      await guard.check();
      assert.equal(guard.writable, true);
    } finally {
      await guard.stop();
      redis.disconnect();
      await fixture.close();
    }
  });
});

describe('RedisMemoryGuard', { timeout: 60_000 }, () => {
  it('holds writes back above the high-water mark of maxmemory, once per crossing, and resumes below it', async () => {
    const server = await RedisServerFixture.start([
      '--maxmemory',
      '10mb',
      '--maxmemory-policy',
      'noeviction',
    ]);
    const redis = redisConnection({ url: server.url });
    const crossings: string[] = [];
    const guard = new RedisMemoryGuard({
      redis,
      highWater: 0.5,
      intervalMs: 50,
      onCrossing: (state) => crossings.push(state),
    });
    try {
      await guard.start();
      assert.equal(guard.writable, true);
      // Fill past half of 10 MB, then free it.
      const ballast = Array.from({ length: 5 }, (_, i) => `${PREFIX}:ballast:${i}`);
      for (const key of ballast) await redis.set(key, 'z'.repeat(1_000_000));
      await guard.check();
      await settle(200);
      assert.equal(guard.writable, false);
      await redis.del(...ballast);
      await guard.check();
      await settle(200);
      assert.equal(guard.writable, true);
      assert.deepEqual(crossings, ['above', 'below']);
    } finally {
      await guard.stop();
      redis.disconnect();
      await server.close();
    }
  });
});
