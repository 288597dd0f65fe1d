// CancellationFeed (packages/queue) against a real Redis server, killed and restarted: a cancel made through
// RequestCancellation reaches the request's watcher; the feed vouches only for what it was subscribed through, so
// after a break it vouches for nothing checked before it; watches end when their watcher stops. It lives here rather
// than in packages/queue/test because @sieve/testing (the Redis fixture) depends on @sieve/queue.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationFeed, RequestCancellation, queueKeys } from '@sieve/queue';
import { redisConnection, type RedisClient } from '@sieve/redis';
import { RedisServerFixture } from '@sieve/testing';

const keys = queueKeys('{feed-test}');

/** Resolves when `watch` is called back for `id`, or after `ms` with false (generous: a busy machine is slow). */
function heard(
  feed: CancellationFeed,
  id: string,
  ms = 15_000,
): { done: Promise<boolean>; stop: () => void } {
  let stop = () => {};
  const done = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    stop = feed.watch(id, () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  return { done, stop };
}

async function until(condition: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('CancellationFeed', { timeout: 60_000 }, () => {
  let server: RedisServerFixture;
  let redis: RedisClient;
  let feed: CancellationFeed;
  let cancellation: RequestCancellation;

  before(async () => {
    server = await RedisServerFixture.start();
    redis = redisConnection({ url: server.url });
    cancellation = new RequestCancellation(redis, keys);
    const subscriber = redisConnection({ url: server.url });
    subscriber.on('error', () => undefined);
    redis.on('error', () => undefined);
    feed = await CancellationFeed.start(subscriber, keys);
  });
  after(async () => {
    await feed?.close();
    redis?.disconnect();
    await server?.close();
  });

  it("tells a request's watcher of its cancel, leaves the mark for a later reading, and forgets unwatched ids", async () => {
    const checkedAt = performance.now();
    assert.equal(feed.covers(checkedAt), true, 'subscribed before this reading');
    assert.equal(feed.covers(undefined), false, 'never read: nothing to vouch for');
    const first = heard(feed, 'request-1');
    const other = heard(feed, 'request-2', 500);
    await cancellation.cancel('request-1');
    assert.equal(await first.done, true);
    assert.deepEqual([...(await cancellation.cancelledAmong(['request-1', 'request-2']))], ['request-1']);
    assert.equal(await other.done, false, "another request's watcher is not called");
    first.stop();
    other.stop();
    assert.equal(feed.watching, 0);
    // Cancels of requests nobody watches (another worker's) leave nothing behind.
    await Promise.all(Array.from({ length: 50 }, (_, i) => cancellation.cancel(`elsewhere-${i}`)));
    assert.equal(feed.watching, 0);
  });

  it('vouches for nothing read before a break in its connection, and hears cancels again once back', async () => {
    const readBefore = performance.now();
    await server.stop();
    await until(() => !feed.covers(readBefore), 'the feed to notice the break');
    await server.launch();
    await until(() => feed.covers(performance.now()), 'the feed to subscribe again');
    assert.equal(feed.covers(readBefore), false, 'a cancel during the break may have been missed');
    const again = heard(feed, 'request-3');
    await until(() => redis.status === 'ready', 'the command connection');
    await cancellation.cancel('request-3');
    assert.equal(await again.done, true);
    again.stop();
  });
});
