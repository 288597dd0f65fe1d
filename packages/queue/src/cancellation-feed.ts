import type { RedisClient } from '@sieve/redis';
import type { QueueKeys } from './queue-keys.ts';

/**
 * The worker's end of cancellations: a subscriber connection told of each cancel as the gateway makes it, so that
 * starting a batch needs no Redis round trip to learn which of its requests are gone (that `MGET` was one per batch,
 * ~40 µs of a worker's CPU and a round trip before every batch of a busy worker; bench/NOTES.md).
 *
 * Pub/sub keeps nothing for a subscriber that is away, so the feed says what it can vouch for: `covers(t)` is true
 * when it has been subscribed without a break since `t`. A request whose marks were read (`cancelledAmong`) after
 * the feed subscribed needs no second look; any other is looked up in Redis as before. Only requests being watched
 * are remembered, and each only until its watcher stops: one caller's cancels cannot make a worker hold anything.
 */
export class CancellationFeed {
  private readonly subscriber: RedisClient;
  private readonly channel: string;
  private readonly watched = new Map<string, Set<() => void>>();
  /** performance.now() when the current subscription was confirmed; undefined while it is not (or may not be). */
  private subscribedSince: number | undefined;
  private closed = false;

  private constructor(subscriber: RedisClient, channel: string) {
    this.subscriber = subscriber;
    this.channel = channel;
  }

  /** Subscribes `subscriber` (a connection of its own: a subscribed connection can send nothing else). */
  static async start(subscriber: RedisClient, keys: QueueKeys): Promise<CancellationFeed> {
    const feed = new CancellationFeed(subscriber, keys.cancellationChannel);
    subscriber.on('message', (from: string, requestId: string) => {
      if (from === feed.channel) feed.notify(requestId);
    });
    // A break loses whatever was published meanwhile: nothing checked before it is vouched for again.
    subscriber.on('close', () => (feed.subscribedSince = undefined));
    subscriber.on('ready', () => void feed.subscribe());
    await feed.subscribe();
    return feed;
  }

  private async subscribe(): Promise<void> {
    if (this.closed) return;
    try {
      await this.subscriber.subscribe(this.channel);
      this.subscribedSince ??= performance.now();
    } catch {
      // Not subscribed: `covers` stays false and batches read the marks from Redis until 'ready' comes again.
    }
  }

  /**
   * Calls `onCancelled` if the request is cancelled while watched; returns the function that stops watching (call it
   * once the request is answered). Watch before reading the request's marks, so that no cancel falls between the two.
   */
  watch(requestId: string, onCancelled: () => void): () => void {
    let listeners = this.watched.get(requestId);
    if (!listeners) this.watched.set(requestId, (listeners = new Set()));
    listeners.add(onCancelled);
    return () => {
      listeners.delete(onCancelled);
      if (listeners.size === 0 && this.watched.get(requestId) === listeners) this.watched.delete(requestId);
    };
  }

  /** Whether a cancel made after `checkedAt` (performance.now()) is sure to have reached this feed. */
  covers(checkedAt: number | undefined): boolean {
    return checkedAt !== undefined && this.subscribedSince !== undefined && this.subscribedSince <= checkedAt;
  }

  /** Requests being watched now (for tests and bounds). */
  get watching(): number {
    return this.watched.size;
  }

  private notify(requestId: string): void {
    for (const onCancelled of this.watched.get(requestId) ?? []) onCancelled();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.subscribedSince = undefined;
    await this.subscriber.unsubscribe(this.channel).catch(() => undefined);
    this.subscriber.disconnect();
  }
}
