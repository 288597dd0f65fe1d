import type { RedisClient } from '@sieve/redis';
import type { Reply } from './classify-job.ts';
import type { QueueKeys } from './queue-keys.ts';
import { ReplyStatus } from './reply-status.ts';

/**
 * Results go straight back to the gateway that holds the caller, over Redis pub/sub on a channel per gateway:
 * one PUBLISH per request instead of BullMQ's completion events, which every gateway would have to filter.
 * A reply for a caller that is gone (gateway restarted) has no subscriber and is dropped, which is right.
 */
export class ReplyPublisher {
  private readonly redis: RedisClient;
  private readonly keys: QueueKeys;

  constructor(redis: RedisClient, keys: QueueKeys) {
    this.redis = redis;
    this.keys = keys;
  }

  async publish(gateway: string, replies: Reply[]): Promise<void> {
    if (replies.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const reply of replies) pipeline.publish(this.keys.replyChannel(gateway), JSON.stringify(reply));
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed) throw failed[0];
  }
}

/** The gateway's end: one subscriber connection, replies dispatched to whoever waits for that request id. */
export class ReplySubscriber {
  private readonly redis: RedisClient;
  private readonly channel: string;
  private readonly waiting = new Map<string, (reply: Reply) => void>();

  private constructor(redis: RedisClient, channel: string) {
    this.redis = redis;
    this.channel = channel;
  }

  static async start(subscriber: RedisClient, keys: QueueKeys, gatewayId: string): Promise<ReplySubscriber> {
    const channel = keys.replyChannel(gatewayId);
    const instance = new ReplySubscriber(subscriber, channel);
    subscriber.on('message', (from: string, message: string) => {
      if (from === channel) instance.dispatch(message);
    });
    subscriber.on('close', () => instance.failWaiting());
    await subscriber.subscribe(channel);
    return instance;
  }

  private dispatch(message: string): void {
    let reply: Reply;
    try {
      reply = JSON.parse(message) as Reply;
    } catch {
      return;
    }
    const resolve = this.waiting.get(reply.id);
    if (!resolve) return; // already answered (a re-run after a worker died) or given up: first answer wins
    this.waiting.delete(reply.id);
    resolve(reply);
  }

  /**
   * The connection is gone, and pub/sub keeps nothing for a subscriber that is away: a reply published before it
   * resubscribes is lost, so every caller waiting now would wait until its deadline for nothing. Tell them at once;
   * classifying is idempotent, so a retry is always safe.
   */
  private failWaiting(): void {
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const [id, resolve] of waiting) {
      resolve({
        id,
        ok: false,
        error: {
          code: ReplyStatus.UNAVAILABLE,
          reason: 'BACKEND_UNAVAILABLE',
          message:
            'the connection to the queue backend (Redis) was lost while the call was in flight; ' +
            'its answer cannot arrive; retry (classifying twice is harmless)',
        },
      });
    }
  }

  /** Registers interest before enqueueing, so that a fast reply cannot arrive before anyone listens. */
  expect(requestId: string, resolve: (reply: Reply) => void): void {
    this.waiting.set(requestId, resolve);
  }

  forget(requestId: string): void {
    this.waiting.delete(requestId);
  }

  get pending(): number {
    return this.waiting.size;
  }

  async close(): Promise<void> {
    await this.redis.unsubscribe(this.channel).catch(() => undefined);
    this.redis.disconnect();
  }
}
