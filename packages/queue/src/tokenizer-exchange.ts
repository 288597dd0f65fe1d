import type { QueueKeys } from './queue-keys.ts';
import type { RedisClient } from '@sieve/redis';

const WEEK_SECONDS = 7 * 86_400;

/**
 * Workers publish their model's tokenizer.json under its content digest so that gateways can count a request's
 * tokens exactly as the model will (tokens-per-minute quotas, billed like hosted APIs) without access to the model
 * files. Written once per digest; refreshed by every worker start.
 */
export class TokenizerExchange {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: QueueKeys,
  ) {}

  private key(digest: string): string {
    return `${this.keys.prefix}:tokenizer:${digest}`;
  }

  async publish(digest: string, tokenizerJson: string): Promise<void> {
    await this.redis.set(this.key(digest), tokenizerJson, 'EX', WEEK_SECONDS);
  }

  async fetch(digest: string): Promise<string | undefined> {
    return (await this.redis.get(this.key(digest))) ?? undefined;
  }
}
