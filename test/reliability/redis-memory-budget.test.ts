// A small Redis (maxmemory, noeviction, as sieve requires) and tenants that send nothing but distinct texts with
// fresh request ids, the load that once filled Redis in under a minute and took heartbeats, and so every tenant,
// down. First two tenants flood: each one's response cache and request-id memo fill to their per-tenant bounds and
// then evict their own oldest entries, and Redis stays below the high-water mark. Then ten more join: within their
// bounds each, together they pass the gateway's high-water mark of Redis memory, where cache and memo writes stop
// (logged once per crossing, counted in sieve_redis_memory_high_water_total) while reads go on. Throughout, Redis
// stays under its maxmemory, another tenant's calls all succeed, the worker's heartbeats keep renewing its lease,
// and no caller sees Redis's own error text.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceError } from '@grpc/grpc-js';
import type { ClassifyResponse } from '@sieve/api';
import { readMemoryInfo, redisConnection, type RedisClient } from '@sieve/redis';
import { freePort, RedisServerFixture, SieveCluster, tinyModelDir } from '@sieve/testing';
import { unary } from '../security/grpc-test-client.ts';
import { writeTenantsFile } from '../fixtures/tenants-file.ts';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const MAXMEMORY = 16 << 20;
/**
 * Low, so that twelve tenants' bounds pass it: ~5.6 MB, of which Redis itself, the queues and one blocking
 * connection per tenant queue take ~3 MB here. Above it, what still grows is what the guard cannot stop (client
 * buffers, jobs in flight): the peak may pass the mark by a few MB, never maxmemory.
 */
const HIGH_WATER_PERCENT = 35;
const CACHE_MAX_BYTES = 256 << 10;
const MEMO_MAX_BYTES = 128 << 10;
const FLOODERS = Array.from({ length: 12 }, (_, i) => `flood-${i + 1}`);
/** Calls of 256 distinct texts each of the first two flooders sends: well past their bounds. */
const PHASE_ONE_CALLS = 8;
/** Text that must never reach a caller: what Redis says when it is full, or any raw Redis reply. */
const RAW_REDIS = /OOM|command not allowed|maxmemory|ReplyError|EXECABORT|WRONGTYPE|NOSCRIPT/;

describe('Redis memory under a flood of distinct texts', { timeout: 240_000 }, () => {
  let cluster: SieveCluster;
  let redis: RedisClient;
  let dir: string;
  let metricsAddress: string;
  const keys: Record<string, string> = {};

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-redis-budget-'));
    const tenants = writeTenantsFile(
      dir,
      [...FLOODERS, 'steady'].map((id) => ({ id })),
    );
    Object.assign(keys, tenants.keys);
    const server = await RedisServerFixture.start([
      '--maxmemory',
      String(MAXMEMORY),
      '--maxmemory-policy',
      'noeviction',
    ]);
    metricsAddress = `127.0.0.1:${await freePort()}`;
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      redis: server,
      gatewayEnv: {
        SIEVE_TENANTS_FILE: tenants.path,
        SIEVE_RESPONSE_CACHE_TTL_MS: '600000',
        SIEVE_RESPONSE_CACHE_MAX_BYTES: String(CACHE_MAX_BYTES),
        SIEVE_REQUEST_ID_MAX_BYTES: String(MEMO_MAX_BYTES),
        SIEVE_REDIS_HIGH_WATER_PERCENT: String(HIGH_WATER_PERCENT),
        SIEVE_METRICS_ADDRESS: metricsAddress,
      },
    });
    redis = redisConnection({ url: server.url });
  });
  after(async () => {
    redis?.disconnect();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const classify = (tenant: string, texts: string[], requestId: string) =>
    unary<ClassifyResponse>(
      cluster.gateways[0]!.client,
      'Classify',
      { model: 'tiny', texts, requestId },
      { key: keys[tenant], deadlineMs: 20_000 },
    );

  const guardTripped = () =>
    cluster.gateways[0]!.process.output.some((line) => line.includes('cache and memo writes stop'));

  it('stays under maxmemory while tenants flood; other tenants and heartbeats carry on; no raw Redis error', async (t) => {
    const known = await classify('steady', ['known before the flood'], '');
    assert.equal(known.response?.results[0]?.cached, false);
    const errors: ServiceError[] = [];
    let floodCalls = 0;
    let steadyCalls = 0;
    let peak = 0;
    let heartbeatGaps = 0;
    let stop = false;
    let trippedAt: number | undefined;

    const flood = async (tenant: string, calls = Infinity) => {
      for (let call = 0; call < calls && !stop; call++) {
        const texts = Array.from({ length: 256 }, () => `flood ${randomBytes(12).toString('base64url')}`);
        const { error } = await classify(tenant, texts, randomBytes(12).toString('hex'));
        if (error) errors.push(error);
        floodCalls += 1;
      }
    };
    const steady = async () => {
      while (!stop) {
        const { response, error } = await classify(
          'steady',
          [`steady ${randomBytes(6).toString('hex')}`],
          randomBytes(8).toString('hex'),
        );
        assert.equal(error, undefined, `the steady tenant failed: ${error?.code} ${error?.details}`);
        assert.equal(response?.results.length, 1);
        steadyCalls += 1;
        await settle(50);
      }
    };
    const watch = async () => {
      while (!stop) {
        const { used } = readMemoryInfo(await redis.info('memory'));
        peak = Math.max(peak, used);
        // The worker renews a 3 s lease every second: a lease that lapsed means heartbeats failed (refused by the
        // guard). One merely close to lapsing is a worker slowed by a busy machine, which is not what is tested.
        const leases = await redis.zrange(`${cluster.prefix}:workers`, 0, -1, 'WITHSCORES');
        const expiry = Number(leases[1] ?? 0);
        if (expiry < Date.now()) heartbeatGaps += 1;
        if (trippedAt === undefined && guardTripped()) trippedAt = Date.now();
        // Until the high-water mark is crossed and for 5 s more (writes stay off), within 150 s in all.
        if (trippedAt !== undefined && Date.now() - trippedAt > 5000) stop = true;
        await settle(100);
      }
    };
    const metric = async (line: RegExp) => {
      const text = await (await fetch(`http://${metricsAddress}/metrics`)).text();
      return Number(line.exec(text)?.[1] ?? 0);
    };
    const usage = async (name: string, tenant: string) => {
      const base = `${cluster.prefix}:${name}:${tenant}`;
      const counted = Number((await redis.get(`${base}:bytes`)) ?? 0);
      let used = 0;
      for (const suffix of ['entries', 'order']) {
        used += Number((await redis.memory('USAGE', `${base}:${suffix}`, 'SAMPLES', 0)) ?? 0);
      }
      t.diagnostic(
        `${base}: ${await redis.zcard(`${base}:order`)} entries, ${counted} counted, ${used} used`,
      );
      return { counted, used };
    };
    const deadline = setTimeout(() => (stop = true), 150_000);
    const background = Promise.all([steady(), watch()]);
    try {
      // Phase one: two tenants fill their bounds and evict their own oldest entries; the guard stays quiet.
      await Promise.all(FLOODERS.slice(0, 2).map((tenant) => flood(tenant, PHASE_ONE_CALLS)));
      assert.equal(trippedAt, undefined, 'two tenants within their bounds reached the high-water mark');
      for (const tenant of FLOODERS.slice(0, 2)) {
        for (const [name, bound] of [
          ['rc', CACHE_MAX_BYTES],
          ['request-id', MEMO_MAX_BYTES],
        ] as const) {
          const { counted, used } = await usage(name, tenant);
          assert.ok(
            counted <= bound && counted > bound * 0.6,
            `${name} ${tenant}: ${counted} counted of ${bound}`,
          );
          assert.ok(used <= bound * 1.1, `${name} ${tenant}: ${used} bytes in Redis, bound ${bound}`);
        }
      }
      assert.ok((await metric(/^sieve_cache_evictions_total\{store="response_cache"\} (\d+)/m)) > 0);
      assert.ok((await metric(/^sieve_cache_evictions_total\{store="request_id"\} (\d+)/m)) > 0);
      // Phase two: all flood; their bounds together exceed what the high-water mark leaves to caches.
      await Promise.all(FLOODERS.map((tenant) => flood(tenant)));
    } finally {
      stop = true;
      clearTimeout(deadline);
      await background;
    }

    const { used: after } = readMemoryInfo(await redis.info('memory'));
    t.diagnostic(
      `${floodCalls} flood calls of 256 texts (${errors.length} failed), ${steadyCalls} steady calls; Redis peak ` +
        `${peak} bytes, ${after} after, maxmemory ${MAXMEMORY}, high water ${HIGH_WATER_PERCENT}%`,
    );
    assert.ok(trippedAt !== undefined, 'the floods reached the high-water mark (the guard was exercised)');
    assert.ok(peak < MAXMEMORY * 0.75, `Redis used ${peak} bytes at its peak, maxmemory ${MAXMEMORY}`);
    assert.equal(heartbeatGaps, 0, 'the worker lease lapsed');
    assert.ok(steadyCalls > 0);
    const raw = errors.filter((error) => RAW_REDIS.test(`${error.message} ${error.details}`));
    assert.deepEqual(
      raw.map((error) => error.details),
      [],
      'a caller saw Redis text',
    );
    const worker = cluster.workers[0]!.output.join('\n');
    assert.doesNotMatch(worker, /registry heartbeat failed/);

    // What else a tenant costs Redis (docs/operations.md, "Redis memory"): its queue's event stream, and client buffers.
    const events = `${cluster.prefix}:classify.tiny@1.t.flood-1:events`;
    const eventCount = await redis.xlen(events);
    const eventBytes = Number((await redis.memory('USAGE', events, 'SAMPLES', 0)) ?? 0);
    const clients = (await redis.call('MEMORY', 'STATS')) as Array<string | number>;
    t.diagnostic(
      `flood-1's event stream: ${eventCount} events, ${eventBytes} bytes (${(eventBytes / eventCount).toFixed(0)} ` +
        `each); client buffers ${clients[clients.indexOf('clients.normal') + 1]} bytes`,
    );

    // Per tenant, the structures stayed within their bounds (bytes as counted, and as Redis measures them).
    for (const tenant of FLOODERS) {
      for (const [name, bound] of [
        ['rc', CACHE_MAX_BYTES],
        ['request-id', MEMO_MAX_BYTES],
      ] as const) {
        const { counted, used } = await usage(name, tenant);
        assert.ok(counted <= bound, `${name} ${tenant}: ${counted} bytes counted, bound ${bound}`);
        assert.ok(used <= bound * 1.1, `${name} ${tenant}: ${used} bytes in Redis, bound ${bound}`);
      }
    }

    // Logged once per crossing, counted in the metric.
    const crossings = cluster.gateways[0]!.process.output.filter((line) =>
      line.includes('cache and memo writes stop'),
    );
    assert.equal(crossings.length, 1, crossings.join('\n'));
    assert.equal(await metric(/^sieve_redis_memory_high_water_total (\d+)/m), 1);
    assert.ok(
      (await metric(/^sieve_cache_writes_total\{store="response_cache",outcome="held_back"\} (\d+)/m)) > 0,
    );
    assert.ok((await metric(/^sieve_redis_memory_used_ratio ([\d.]+)/m)) > HIGH_WATER_PERCENT / 100 - 0.05);

    // Reads go on above the mark (the flooders' entries keep Redis there): a text cached before is still a hit.
    const again = await classify('steady', ['known before the flood'], '');
    assert.equal(again.response?.results[0]?.cached, true);
  });
});
