import type { RedisClient } from '@sieve/redis';

/**
 * Members that say they are alive: a sorted set scored by lease expiry plus a hash of their descriptions, both
 * under the shared hash tag. A member that dies simply stops renewing and drops out after its lease; whoever lists
 * next deletes what lapsed, so a crashed member leaves nothing behind for long. Workers and gateways each keep one.
 */
export class LeaseSet<T extends object> {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: { set: string; info: string },
  ) {}

  /** Renews `id`'s lease and replaces its description; `heartbeatAt` is stamped here. */
  async renew(id: string, description: T, leaseMs: number): Promise<void> {
    const now = Date.now();
    await this.redis
      .multi()
      .zadd(this.keys.set, now + leaseMs, id)
      .hset(this.keys.info, id, JSON.stringify({ ...description, heartbeatAt: now }))
      .exec();
  }

  async remove(id: string): Promise<void> {
    await this.redis.multi().zrem(this.keys.set, id).hdel(this.keys.info, id).exec();
  }

  /** Every member whose lease runs, with its description as last renewed. */
  async live(): Promise<Array<T & { heartbeatAt: number }>> {
    const now = Date.now();
    const expired = await this.redis.zrangebyscore(this.keys.set, '-inf', now);
    if (expired.length > 0) {
      await this.redis
        .multi()
        .zrem(this.keys.set, ...expired)
        .hdel(this.keys.info, ...expired)
        .exec();
    }
    const alive = await this.redis.zrangebyscore(this.keys.set, now, '+inf');
    if (alive.length === 0) return [];
    const infos = await this.redis.hmget(this.keys.info, ...alive);
    return infos.flatMap((info) => (info ? [JSON.parse(info) as T & { heartbeatAt: number }] : []));
  }
}
