// BullMQ on Redis Cluster needs every key of a queue in one slot: the queue prefix's {hash-tag} does that for
// BullMQ's keys and for sieve's own (registry, reply channels, cancellation marks). Proven on a real 3-node cluster.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RedisClusterFixture, SieveCluster, tinyModelDir } from '@sieve/testing';

describe('Redis Cluster', { timeout: 180_000 }, () => {
  it('serves with gateway and worker connected to a 3-master cluster', async () => {
    const redis = await RedisClusterFixture.start();
    const cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      redis,
      env: { REDIS_CLUSTER: 'true' },
    });
    try {
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          cluster.classify({ model: 'tiny', texts: [`on a cluster ${i}`] }),
        ),
      );
      assert.equal(responses.length, 20);
      assert.ok(responses.every((response) => response.results[0]!.labels.length === 3));
      // The worker publishes its counters with its heartbeat: the next one counts every answered call.
      const stats = await cluster.workerStatsAfter();
      assert.equal(stats.texts, 20);
    } finally {
      await cluster.stop();
    }
  });
});
