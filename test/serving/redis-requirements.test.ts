// Services refuse a Redis that evicts (maxmemory-policy other than noeviction) and warn, in one structured line, when
// Redis keeps nothing across a restart. The policy is read from INFO, so a Redis with CONFIG disabled is still
// judged; on Redis Cluster every primary is.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { checkRedisRequirements, readRedisNodeFacts, redisConnection } from '@sieve/redis';
import {
  RedisClusterFixture,
  RedisServerFixture,
  ServiceProcess,
  tinyModelDir,
  type RedisFixture,
} from '@sieve/testing';

interface Logged {
  fields: object;
  message: string;
}

async function check(url: string, cluster = false): Promise<{ warnings: Logged[]; error?: Error }> {
  const redis = redisConnection({ url, cluster }, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  const warnings: Logged[] = [];
  try {
    await checkRedisRequirements(redis, { warn: (fields, message) => warnings.push({ fields, message }) });
    return { warnings };
  } catch (error) {
    return { warnings, error: error as Error };
  } finally {
    redis.disconnect();
  }
}

async function withRedis<T>(args: string[], use: (redis: RedisServerFixture) => Promise<T>): Promise<T> {
  const redis = await RedisServerFixture.start(args);
  try {
    return await use(redis);
  } finally {
    await redis.close();
  }
}

describe('Redis requirements at start: one Redis', { timeout: 60_000 }, () => {
  it('passes the default redis-server (noeviction), warning that nothing persists', async () => {
    await withRedis([], async (redis) => {
      const { warnings, error } = await check(redis.url);
      assert.equal(error, undefined);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!.message, /no persistence/);
      assert.match(warnings[0]!.message, /tenants and API keys created through the Admin API/);
      assert.deepEqual((warnings[0]!.fields as { nodes: string[] }).nodes, [`127.0.0.1:${redis.port}`]);
    });
  });

  it('passes AOF or RDB save points without a word', async () => {
    for (const args of [
      ['--appendonly', 'yes'],
      ['--save', '3600 1'],
    ]) {
      await withRedis(args, async (redis) => assert.deepEqual(await check(redis.url), { warnings: [] }));
    }
  });

  it('refuses allkeys-lru, naming the setting and the fix', async () => {
    await withRedis(['--maxmemory-policy', 'allkeys-lru', '--appendonly', 'yes'], async (redis) => {
      const { error } = await check(redis.url);
      assert.ok(error, 'refused');
      assert.equal(error.name, 'RedisRequirementError');
      assert.match(error.message, /maxmemory-policy is allkeys-lru/);
      assert.match(error.message, /set `maxmemory-policy noeviction` in redis\.conf or with `CONFIG SET/);
    });
  });

  it('still judges the policy where CONFIG is disabled (managed Redis), and says it could not tell persistence', async () => {
    await withRedis(['--rename-command', 'CONFIG', ''], async (redis) => {
      const { warnings, error } = await check(redis.url);
      assert.equal(error, undefined);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!.message, /could not tell whether Redis persists/);
    });
    await withRedis(
      ['--rename-command', 'CONFIG', '', '--maxmemory-policy', 'volatile-lru'],
      async (redis) => {
        assert.match((await check(redis.url)).error?.message ?? '', /volatile-lru/);
      },
    );
  });
});

describe('Redis requirements at start: Redis Cluster', { timeout: 120_000 }, () => {
  let cluster: RedisClusterFixture;
  before(async () => {
    cluster = await RedisClusterFixture.start();
  });
  after(async () => {
    await cluster?.close();
  });

  it('reads every primary, and refuses when one of them evicts', async () => {
    const client = redisConnection({ url: cluster.url, cluster: true });
    try {
      const facts = await readRedisNodeFacts(client);
      assert.deepEqual(facts.map((f) => Number(f.node.split(':')[1])).sort(), [...cluster.ports].sort());
    } finally {
      client.disconnect();
    }
    const quiet = await check(cluster.url, true);
    assert.equal(quiet.error, undefined);
    assert.equal((quiet.warnings[0]!.fields as { nodes: string[] }).nodes.length, 3);

    // Not the seed node: the check must not judge the cluster by the node it was given.
    const last = cluster.ports.at(-1)!;
    const node = new Redis({ port: last, host: '127.0.0.1' });
    try {
      await node.config('SET', 'maxmemory-policy', 'allkeys-lfu');
      const { error } = await check(cluster.url, true);
      assert.match(error?.message ?? '', new RegExp(`allkeys-lfu on 127\\.0\\.0\\.1:${last}`));
    } finally {
      await node.config('SET', 'maxmemory-policy', 'noeviction');
      node.disconnect();
    }
  });
});

describe('Redis requirements at start: the services', { timeout: 120_000 }, () => {
  let modelDir: string;
  before(async () => {
    modelDir = await tinyModelDir();
  });

  const start = (service: 'gateway' | 'worker', redis: RedisFixture) =>
    ServiceProcess.start(
      service,
      {
        REDIS_URL: redis.url,
        SIEVE_QUEUE_PREFIX: '{sieve-req}',
        ...(service === 'worker'
          ? { SIEVE_MODEL_DIR: modelDir, SIEVE_MODEL_NAME: 'tiny', SIEVE_INTRA_OP_THREADS: '1' }
          : { SIEVE_GRPC_ADDRESS: '127.0.0.1:0' }),
      },
      service === 'worker' ? /worker ready/ : /gateway listening/,
    );

  it('gateway and worker exit non-zero on an evicting Redis, with the message, before BullMQ runs', async () => {
    await withRedis(['--maxmemory-policy', 'allkeys-lru'], async (redis) => {
      for (const service of ['gateway', 'worker'] as const) {
        await assert.rejects(start(service, redis), (error: Error) => {
          assert.match(error.message, new RegExp(`${service} exited with 1 before it was ready`));
          assert.match(
            error.message,
            /Redis maxmemory-policy is allkeys-lru on 127\.0\.0\.1:\d+: sieve needs noeviction/,
          );
          // BullMQ's own warning means a queue was opened on a Redis that was going to be refused.
          assert.doesNotMatch(error.message, /IMPORTANT! Eviction policy/);
          return true;
        });
      }
    });
  });

  it('gateway and worker start on a Redis without persistence, each saying once what a restart loses', async () => {
    await withRedis([], async (redis) => {
      for (const service of ['gateway', 'worker'] as const) {
        const process = await start(service, redis);
        try {
          const warned = process.output.filter((line) => /no persistence/.test(line));
          assert.equal(warned.length, 1, process.output.join('\n'));
          const line = JSON.parse(warned[0]!) as { level: number; redisPersistence: string; nodes: string[] };
          assert.equal(line.level, 40);
          assert.equal(line.redisPersistence, 'none');
          assert.deepEqual(line.nodes, [`127.0.0.1:${redis.port}`]);
        } finally {
          await process.kill();
        }
      }
    });
  });
});
