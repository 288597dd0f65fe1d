// The registries' leases on a real Redis: what a member announces, how it leaves, and what a lapsed one leaves
// behind (nothing, once someone lists).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { RedisServerFixture } from '@sieve/testing';
import { GatewayRegistry, queueKeys, WorkerRegistry } from '../src/index.ts';

describe('GatewayRegistry and WorkerRegistry (LeaseSet)', () => {
  const keys = queueKeys('{reg}');
  let server: RedisServerFixture;
  let redis: Redis;

  before(async () => {
    server = await RedisServerFixture.start();
    redis = new Redis(server.url);
  });
  after(async () => {
    redis?.disconnect();
    await server?.close();
  });

  it('lists each live gateway with its last announcement, stamped; a withdrawn one is gone at once', async () => {
    const registry = new GatewayRegistry(redis, keys);
    const before = Date.now();
    await registry.announce({ gatewayId: 'g-a', startedAt: 1, draining: false }, 60_000);
    await registry.announce({ gatewayId: 'g-b', startedAt: 2, draining: false }, 60_000);
    await registry.announce({ gatewayId: 'g-b', startedAt: 2, draining: true }, 60_000);
    const live = (await registry.list()).sort((a, b) => a.gatewayId.localeCompare(b.gatewayId));
    assert.deepEqual(
      live.map(({ gatewayId, startedAt, draining }) => [gatewayId, startedAt, draining]),
      [
        ['g-a', 1, false],
        ['g-b', 2, true],
      ],
    );
    for (const gateway of live) assert.ok(gateway.heartbeatAt! >= before);

    await registry.withdraw('g-b');
    assert.deepEqual(
      (await registry.list()).map((gateway) => gateway.gatewayId),
      ['g-a'],
    );
    await registry.withdraw('g-a');
  });

  it('drops a member whose lease lapsed, and deletes what it left at the next listing', async () => {
    const registry = new GatewayRegistry(redis, keys);
    await registry.announce({ gatewayId: 'g-gone', startedAt: 1, draining: false }, 50);
    await sleep(100);
    assert.deepEqual(await registry.list(), []);
    assert.equal(await redis.zcard(keys.gatewaySet), 0);
    assert.equal(await redis.hlen(keys.gatewayInfo), 0);
  });

  it('keeps gateways and workers apart: each registry lists only its own members', async () => {
    const gateways = new GatewayRegistry(redis, keys);
    const workers = new WorkerRegistry(redis, keys);
    await gateways.announce({ gatewayId: 'g-1', startedAt: 1, draining: false }, 60_000);
    await workers.announce({ workerId: 'w-1', startedAt: 1, models: [] }, 60_000);
    assert.deepEqual(
      (await gateways.list()).map((gateway) => gateway.gatewayId),
      ['g-1'],
    );
    assert.deepEqual(
      (await workers.list()).map((worker) => worker.workerId),
      ['w-1'],
    );
    await gateways.withdraw('g-1');
    await workers.withdraw('w-1');
  });
});
