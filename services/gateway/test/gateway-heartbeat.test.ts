// GatewayHeartbeat over a stand-in registry: what the cluster status sees between beats, and when Redis is away.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { GatewayAnnouncement, GatewayRegistry } from '@sieve/queue';
import pino from 'pino';
import { GATEWAY_LEASE_MS, GatewayHeartbeat } from '../src/gateway-heartbeat.ts';

function registryListing(listed: GatewayAnnouncement[]) {
  const calls: string[] = [];
  let reachable = true;
  const registry = {
    announce: async (gateway: GatewayAnnouncement) => {
      calls.push(`announce ${gateway.gatewayId} ${gateway.draining}`);
      if (!reachable) throw new Error('ECONNREFUSED');
    },
    list: async () => listed,
    withdraw: async (id: string) => void calls.push(`withdraw ${id}`),
  } as unknown as GatewayRegistry;
  return { registry, calls, goAway: () => (reachable = false) };
}

describe('GatewayHeartbeat', () => {
  const self = { gatewayId: 'g-self', startedAt: 1, draining: false };

  it('drops from its last list a gateway whose lease lapsed, however long Redis stays away; never itself', async () => {
    const now = Date.now();
    const { registry, goAway } = registryListing([
      { ...self, heartbeatAt: now - 10 * GATEWAY_LEASE_MS },
      { gatewayId: 'g-fresh', startedAt: 1, draining: false, heartbeatAt: now },
      { gatewayId: 'g-lapsed', startedAt: 1, draining: false, heartbeatAt: now - GATEWAY_LEASE_MS - 1 },
    ]);
    const heartbeat = new GatewayHeartbeat(registry, () => self, pino({ level: 'silent' }));
    await heartbeat.beat();
    goAway();
    await heartbeat.beat(); // fails: the last list stays, filtered by lease
    assert.deepEqual(
      heartbeat.live.map((gateway) => gateway.gatewayId),
      ['g-self', 'g-fresh'],
    );
    await heartbeat.stop();
  });

  it('announces its drain when asked, and withdraws once at stop, beating no more after', async () => {
    let draining = false;
    const { registry, calls } = registryListing([]);
    const heartbeat = new GatewayHeartbeat(
      registry,
      () => ({ ...self, draining }),
      pino({ level: 'silent' }),
    );
    await heartbeat.beat();
    draining = true;
    await heartbeat.beat();
    await heartbeat.stop();
    await heartbeat.beat();
    assert.deepEqual(calls, ['announce g-self false', 'announce g-self true', 'withdraw g-self']);
  });
});
