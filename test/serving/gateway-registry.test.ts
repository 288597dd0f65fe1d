// Gateways register with each other: any gateway's GetClusterStatus lists every live gateway. One that stops
// leaves the list at once; one that dies leaves it when its lease lapses.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { credentials } from '@grpc/grpc-js';
import { loadSieveProtos, type AdminClient } from '@sieve/api';
import { SieveCluster, tinyModelDir } from '@sieve/testing';
import { Redis } from 'ioredis';
import { callWithToken, waitUntil } from '../fixtures/grpc-calls.ts';

const ADMIN_TOKEN = 'admin-token-for-the-gateway-registry-0123';

interface GatewayStatus {
  id: string;
  backendReachable: boolean;
  draining: boolean;
  startTime: unknown;
  heartbeatTime: unknown;
}
interface ClusterStatus {
  gateway: GatewayStatus;
  gateways: GatewayStatus[];
}

describe('the gateway registry, seen through GetClusterStatus', { timeout: 120_000 }, () => {
  let cluster: SieveCluster;
  let admin: AdminClient;
  const status = (client = admin) =>
    callWithToken<ClusterStatus>(client, 'GetClusterStatus', {}, ADMIN_TOKEN);
  const adminOf = (address: string): AdminClient =>
    new (loadSieveProtos().grpc.sieve.v1.Admin)(address, credentials.createInsecure());
  const listed = (answer: ClusterStatus) => answer.gateways.map((gateway) => gateway.id);

  before(async () => {
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      gateways: 3,
      gatewayEnv: { SIEVE_ADMIN_TOKEN: ADMIN_TOKEN },
    });
    admin = adminOf(cluster.gateways[0]!.address);
  });
  after(async () => {
    admin?.close();
    await cluster?.stop();
  });

  it('lists all three gateways on any of them, each with its start and last heartbeat', async () => {
    const answer = await waitUntil('the first gateway lists three', async () => {
      const seen = await status();
      return seen.gateways.length === 3 ? seen : undefined;
    });
    assert.equal(new Set(listed(answer)).size, 3);
    assert.deepEqual(listed(answer), [...listed(answer)].sort());
    assert.ok(listed(answer).includes(answer.gateway.id), 'the answering gateway is among them');
    for (const gateway of answer.gateways) {
      assert.equal(gateway.backendReachable, true);
      assert.equal(gateway.draining, false);
      assert.ok(gateway.startTime && gateway.heartbeatTime, JSON.stringify(gateway));
    }
  });

  it('drops a gateway that stops at once, and one killed outright when its lease lapses', async () => {
    const [, second, third] = cluster.gateways;
    const before = listed(await status());
    assert.equal(before.length, 3);
    const secondAdmin = adminOf(second!.address);
    const secondId = (await status(secondAdmin)).gateway.id;
    secondAdmin.close();

    // SIGTERM: the gateway drains, then withdraws itself before it exits: its lease is gone from Redis already.
    assert.equal(await second!.process.kill('SIGTERM'), 0);
    const redis = new Redis(cluster.redis.url);
    try {
      assert.equal(await redis.zscore(`${cluster.prefix}:gateways`, secondId), null);
      assert.equal(await redis.hexists(`${cluster.prefix}:gateway-info`, secondId), 0);
    } finally {
      redis.disconnect();
    }
    const afterStop = await waitUntil('the stopped gateway is gone', async () => {
      const seen = listed(await status());
      return seen.length === 2 ? seen : undefined;
    });
    // SIGKILL: nothing is withdrawn; the lease (3 s) lapses and the next listing drops it.
    await third!.process.kill('SIGKILL');
    const afterKill = await waitUntil('the killed gateway is gone', async () => {
      const seen = listed(await status());
      return seen.length === 1 ? seen : undefined;
    });
    assert.deepEqual(afterKill, [(await status()).gateway.id]);
    assert.ok(afterStop.includes(afterKill[0]!));
  });
});
