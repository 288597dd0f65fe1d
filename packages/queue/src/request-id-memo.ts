import type { RedisClient } from './redis-connection.ts';
import type { QueueKeys } from './queue-keys.ts';

/**
 * Answers a retried call with the first call's result: a caller that sets a request id and retries after a lost
 * response gets the same answer without the work being computed twice. Kept a few minutes, scoped by the caller's
 * scope (the model today, tenant and model once tenants exist), and never holds the texts.
 */
export class RequestIdMemo {
  private readonly redis: RedisClient;
  private readonly keys: QueueKeys;
  private readonly ttlMs: number;

  constructor(redis: RedisClient, keys: QueueKeys, ttlMs = 5 * 60_000) {
    this.redis = redis;
    this.keys = keys;
    this.ttlMs = ttlMs;
  }

  private key(scope: string, requestId: string): string {
    return `${this.keys.prefix}:request-id:${scope}:${requestId}`;
  }

  async recall<T>(scope: string, requestId: string): Promise<T | undefined> {
    const stored = await this.redis.get(this.key(scope, requestId));
    return stored === null ? undefined : (JSON.parse(stored) as T);
  }

  async remember(scope: string, requestId: string, response: unknown): Promise<void> {
    await this.redis.set(this.key(scope, requestId), JSON.stringify(response), 'PX', this.ttlMs);
  }
}
