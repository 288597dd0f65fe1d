import type { RedisClient } from '@sieve/redis';
import { LeaseSet } from './lease-set.ts';
import type { QueueKeys } from './queue-keys.ts';

export interface GatewayAnnouncement {
  gatewayId: string;
  startedAt: number;
  /** Refusing new calls on its way out. */
  draining: boolean;
  /** Epoch ms of this announcement, set by the registry itself. */
  heartbeatAt?: number;
}

/**
 * Which gateways are alive (see LeaseSet), so that any gateway's cluster status can show them all; nothing routes
 * by it. Gateways are started by operators, never by callers, so the set is as small as the deployment.
 */
export class GatewayRegistry {
  private readonly members: LeaseSet<GatewayAnnouncement>;

  constructor(redis: RedisClient, keys: QueueKeys) {
    this.members = new LeaseSet(redis, { set: keys.gatewaySet, info: keys.gatewayInfo });
  }

  announce(gateway: GatewayAnnouncement, leaseMs: number): Promise<void> {
    return this.members.renew(gateway.gatewayId, gateway, leaseMs);
  }

  withdraw(gatewayId: string): Promise<void> {
    return this.members.remove(gatewayId);
  }

  list(): Promise<GatewayAnnouncement[]> {
    return this.members.live();
  }
}
