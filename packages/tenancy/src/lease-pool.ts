import { LuaScript, type RedisClient } from '@sieve/redis';

// Loaded once each, run by EVALSHA (the one loader, @sieve/queue's LuaScript).
const ACQUIRE = new LuaScript(new URL('./lua/acquire-lease-1.lua', import.meta.url));
const RENEW = new LuaScript(new URL('./lua/renew-lease-1.lua', import.meta.url));

export interface LeaseAcquisition {
  acquired: boolean;
  /** Units in use after this call (including the new lease when acquired). */
  used: number;
  /** When rejected: ms until the oldest lease expires at the latest (0 if none). */
  oldestExpiresInMs: number;
}

/**
 * Capacity held while work is in flight (max concurrent texts, max concurrent batches), shared by every gateway.
 *
 * A sorted set per tenant and kind: member `<leaseId>|<amount>`, score = the lease's expiry (Redis server time, so
 * gateway clock skew does not matter). Acquire drops expired leases, sums the rest and adds the new one only if it
 * fits, in one Lua script (atomic). A gateway that crashes without releasing loses its capacity only until the lease
 * TTL lapses; long-running work renews its lease. The set itself expires with its last lease. Summing is O(leases
 * in flight) which is bounded by the limit itself.
 */
export class LeasePool {
  constructor(private readonly redis: RedisClient) {}

  async acquire(
    key: string,
    leaseId: string,
    amount: number,
    max: number,
    ttlMs: number,
  ): Promise<LeaseAcquisition> {
    const [acquired, used, wait] = (await ACQUIRE.run(
      this.redis,
      [key],
      [leaseId, amount, max, Math.max(1, Math.round(ttlMs))],
    )) as [number, number, number];
    return { acquired: acquired === 1, used, oldestExpiresInMs: Math.max(0, wait) };
  }

  /** Gives the capacity back now; false when the lease had already expired (or was released). */
  async release(key: string, leaseId: string, amount: number): Promise<boolean> {
    return (await this.redis.zrem(key, `${leaseId}|${amount}`)) === 1;
  }

  /** Extends a lease to now + ttlMs; false when it had already expired (the work should then be treated as lost). */
  async renew(key: string, leaseId: string, amount: number, ttlMs: number): Promise<boolean> {
    const renewed = await RENEW.run(
      this.redis,
      [key],
      [`${leaseId}|${amount}`, Math.max(1, Math.round(ttlMs))],
    );
    return renewed === 1;
  }
}
