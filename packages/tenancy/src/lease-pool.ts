import type { RedisClient } from '@sieve/queue';

/**
 * Capacity held while work is in flight (max concurrent texts, max concurrent batches), shared by every gateway.
 *
 * A sorted set per tenant and kind: member `<leaseId>|<amount>`, score = the lease's expiry (Redis server time, so
 * gateway clock skew does not matter). Acquire drops expired leases, sums the rest and adds the new one only if it
 * fits, in one Lua script (atomic). A gateway that crashes without releasing loses its capacity only until the lease
 * TTL lapses; long-running work renews its lease. The set itself expires with its last lease. Summing is O(leases
 * in flight) which is bounded by the limit itself.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local used = 0
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  used = used + tonumber(string.match(member, '|(%d+)$'))
end
local amount = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
if used + amount > max then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  local wait = 0
  if first[2] then wait = tonumber(first[2]) - now end
  return {0, used, wait}
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1] .. '|' .. ARGV[2])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], last[2])
return {1, used + amount, 0}
`;

const RENEW = `
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[1])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], last[2])
return 1
`;

export interface LeaseAcquisition {
  acquired: boolean;
  /** Units in use after this call (including the new lease when acquired). */
  used: number;
  /** When rejected: ms until the oldest lease expires at the latest (0 if none). */
  oldestExpiresInMs: number;
}

export class LeasePool {
  constructor(private readonly redis: RedisClient) {}

  async acquire(
    key: string,
    leaseId: string,
    amount: number,
    max: number,
    ttlMs: number,
  ): Promise<LeaseAcquisition> {
    const [acquired, used, wait] = (await this.redis.eval(
      ACQUIRE,
      1,
      key,
      leaseId,
      String(amount),
      String(max),
      String(Math.max(1, Math.round(ttlMs))),
    )) as [number, number, number];
    return { acquired: acquired === 1, used, oldestExpiresInMs: Math.max(0, wait) };
  }

  /** Gives the capacity back now; false when the lease had already expired (or was released). */
  async release(key: string, leaseId: string, amount: number): Promise<boolean> {
    return (await this.redis.zrem(key, `${leaseId}|${amount}`)) === 1;
  }

  /** Extends a lease to now + ttlMs; false when it had already expired (the work should then be treated as lost). */
  async renew(key: string, leaseId: string, amount: number, ttlMs: number): Promise<boolean> {
    const renewed = await this.redis.eval(
      RENEW,
      1,
      key,
      `${leaseId}|${amount}`,
      String(Math.max(1, Math.round(ttlMs))),
    );
    return renewed === 1;
  }
}
