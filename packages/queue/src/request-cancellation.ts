import type { RedisClient } from '@sieve/redis';
import type { QueueKeys } from './queue-keys.ts';

/**
 * A caller that cancels leaves a short-lived mark; workers check the marks of a batch's requests in one round trip
 * before computing, so cancelled work is skipped rather than computed and thrown away.
 */
export class RequestCancellation {
  private readonly redis: RedisClient;
  private readonly keys: QueueKeys;

  constructor(redis: RedisClient, keys: QueueKeys) {
    this.redis = redis;
    this.keys = keys;
  }

  async cancel(requestId: string, ttlMs = 120_000): Promise<void> {
    await this.redis.set(this.keys.cancelled(requestId), '1', 'PX', ttlMs);
  }

  /** The subset of ids that were cancelled. */
  async cancelledAmong(requestIds: readonly string[]): Promise<Set<string>> {
    if (requestIds.length === 0) return new Set();
    const marks = await this.redis.mget(...requestIds.map((id) => this.keys.cancelled(id)));
    return new Set(requestIds.filter((_, i) => marks[i] !== null));
  }
}
