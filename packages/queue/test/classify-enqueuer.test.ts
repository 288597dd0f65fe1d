// Which requests share a job, on a real Redis: those of one event-loop turn always; while the queue is backed up,
// also those that arrive while the first is held for company; never more than the held job's size, and nothing
// held is left behind at close.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { RedisServerFixture } from '@sieve/testing';
import { ClassifyEnqueuer, queueKeys, type ClassifyJob, type JobRequest } from '../src/index.ts';

const request = (id: string, texts = 1): JobRequest => ({
  id,
  texts: Array.from({ length: texts }, (_, i) => `${id} text ${i}`),
  topK: 0,
  raw: false,
  truncation: 'r',
  deadline: Date.now() + 600_000,
  acceptedAt: Date.now(),
  priority: 0,
  tenant: 'acme',
});

describe('ClassifyEnqueuer', () => {
  let server: RedisServerFixture;
  let redis: Redis;
  let prefix = 0;

  before(async () => {
    server = await RedisServerFixture.start();
    redis = new Redis(server.url, { maxRetriesPerRequest: null });
  });
  after(async () => {
    redis?.disconnect();
    await server?.close();
  });

  /** A fresh prefix per test; the jobs' requests by id, oldest job first. */
  const enqueuerFor = (options: { maxHoldMs: number; heldJobTexts?: number }) => {
    const keys = queueKeys(`{enq${(prefix += 1)}}`);
    const added: number[] = [];
    const enqueuer = new ClassifyEnqueuer({
      connection: redis,
      keys,
      gatewayId: 'g-1',
      ...options,
      onJobAdded: (requests) => added.push(requests),
    });
    const jobs = async () => {
      const queue = new Queue<ClassifyJob>(keys.queueName('m@1', 'acme'), {
        connection: redis,
        prefix: keys.prefix,
      });
      try {
        const list = await queue.getJobs(['waiting']);
        return list
          .sort((a, b) => Number(a.id) - Number(b.id))
          .map((job) => job.data.requests.map((r) => r.id));
      } finally {
        await queue.close();
      }
    };
    return { enqueuer, jobs, added };
  };

  it('without a backed-up queue, sends requests of separate turns as separate jobs', async () => {
    const { enqueuer, jobs, added } = enqueuerFor({ maxHoldMs: 1000 });
    const first = enqueuer.enqueue('m@1', request('a'));
    const second = enqueuer.enqueue('m@1', request('b'));
    await sleep(5);
    const third = enqueuer.enqueue('m@1', request('c'));
    await Promise.all([first, second, third]);
    assert.deepEqual(await jobs(), [['a', 'b'], ['c']]);
    assert.deepEqual(added, [2, 1]);
    await enqueuer.close();
  });

  it('while requests wait long, holds one for company and sends those that came meanwhile with it', async () => {
    const { enqueuer, jobs } = enqueuerFor({ maxHoldMs: 60_000, heldJobTexts: 3 });
    enqueuer.observeWait('m@1', 'acme', 10_000_000);
    const sent = [enqueuer.enqueue('m@1', request('a'))];
    for (const id of ['b', 'c']) {
      await sleep(2);
      sent.push(enqueuer.enqueue('m@1', request(id)));
    }
    await Promise.all(sent);
    assert.deepEqual(await jobs(), [['a', 'b', 'c']]);
    await enqueuer.close();
  });

  it('sends a held job when its hold ends, however few requests came', async () => {
    const { enqueuer, jobs } = enqueuerFor({ maxHoldMs: 20 });
    enqueuer.observeWait('m@1', 'acme', 2000); // a tenth is 200 ms: the hold is 20
    await enqueuer.enqueue('m@1', request('a'));
    assert.deepEqual(await jobs(), [['a']]);
    await enqueuer.close();
  });

  it("keeps another tenant's queue out of the hold", async () => {
    const { enqueuer } = enqueuerFor({ maxHoldMs: 60_000 });
    enqueuer.observeWait('m@1', 'flood', 10_000_000);
    // Were this held for the flood's wait, the test would time out.
    await enqueuer.enqueue('m@1', request('light'));
    await enqueuer.close();
  });

  it('sends a held job as soon as it has heldJobTexts texts, and never holds a request that has them', async () => {
    const { enqueuer, jobs } = enqueuerFor({ maxHoldMs: 60_000, heldJobTexts: 4 });
    enqueuer.observeWait('m@1', 'acme', 10_000_000);
    const a = enqueuer.enqueue('m@1', request('a', 2));
    await sleep(2);
    await Promise.all([a, enqueuer.enqueue('m@1', request('b', 2))]);
    assert.deepEqual(await jobs(), [['a', 'b']]);
    // Were either held for its hold (60 s), the test would time out.
    await enqueuer.enqueue('m@1', request('c', 4));
    assert.deepEqual(await jobs(), [['a', 'b'], ['c']]);
    await enqueuer.close();
  });

  it('at close, sends what it holds before closing its queues: the callers are waiting for it', async () => {
    const { enqueuer, jobs } = enqueuerFor({ maxHoldMs: 60_000 });
    enqueuer.observeWait('m@1', 'acme', 10_000_000);
    const held = enqueuer.enqueue('m@1', request('a'));
    await sleep(2);
    assert.deepEqual(await jobs(), []);
    await enqueuer.close();
    await held;
    assert.deepEqual(await jobs(), [['a']]);
  });
});
