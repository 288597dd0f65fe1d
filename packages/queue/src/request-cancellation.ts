import type { RedisClient } from '@sieve/redis';
import type { QueueKeys } from './queue-keys.ts';

/**
 * A caller that cancels leaves a short-lived mark and announces it on the cancellation channel. Workers read the
 * marks of a job's requests when they take it, and hear of later cancels on their CancellationFeed (or, while the
 * feed cannot vouch for a request, read its mark again before its batch), so cancelled work is skipped rather than
 * computed and thrown away.
 */
export class RequestCancellation {
  private readonly redis: RedisClient;
  private readonly keys: QueueKeys;

  constructor(redis: RedisClient, keys: QueueKeys) {
    this.redis = redis;
    this.keys = keys;
  }

  async cancel(requestId: string, ttlMs = 120_000): Promise<void> {
    // The mark first, then the announcement, on one connection: a worker that started watching after the announcement
    // finds the mark when it reads. (On Redis Cluster the two may run on different nodes; a cancel lost in that gap
    // costs one batch's work for a caller who is gone, never an answer.)
    await Promise.all([
      this.redis.set(this.keys.cancelled(requestId), '1', 'PX', ttlMs),
      this.redis.publish(this.keys.cancellationChannel, requestId),
    ]);
  }

  /** The subset of ids that were cancelled. */
  async cancelledAmong(requestIds: readonly string[]): Promise<Set<string>> {
    if (requestIds.length === 0) return new Set();
    const marks = await this.redis.mget(...requestIds.map((id) => this.keys.cancelled(id)));
    return new Set(requestIds.filter((_, i) => marks[i] !== null));
  }
}
