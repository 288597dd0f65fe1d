// A worker that stops making progress (SIGSTOP: a stuck node, a paused VM, a long GC) must not hold its callers to
// their deadlines while another worker is idle. With the default lock settings its jobs move to the live worker in a
// few seconds; when it wakes up it neither answers anyone twice nor garbles an answer, and it goes on serving.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import type { ClassifyResponse } from '@sieve/api';
import { TextClassifier } from '@sieve/runtime';
import { SieveCluster, tinyModelDir, type ServiceProcess } from '@sieve/testing';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const GATEWAY_ID = 'g-frozen';
/** What the callers allow: the report's calls had 10 s. */
const DEADLINE_MS = 10_000;
/**
 * Longer than BullMQ's blocking fetch (5 s at most): a frozen worker's fetch still waiting in Redis would take the
 * next job's wake-up for itself, and the job would wait for the other worker's next poll.
 */
const BLOCKING_FETCH_MS = 6_000;

/** Jobs per state across every queue of the cluster's prefix. */
async function jobCounts(redis: Redis, prefix: string): Promise<{ active: number; waiting: number }> {
  let active = 0;
  let waiting = 0;
  for (const key of await redis.keys(`${prefix}:*`)) {
    if (key.endsWith(':active')) active += await redis.llen(key);
    else if (key.endsWith(':wait')) waiting += await redis.llen(key);
    else if (key.endsWith(':prioritized')) waiting += await redis.zcard(key);
  }
  return { active, waiting };
}

describe('a frozen worker', { timeout: 180_000 }, () => {
  let cluster: SieveCluster;
  let local: TextClassifier;
  let redis: Redis;
  let subscriber: Redis;
  let holder: ServiceProcess;
  let idle: ServiceProcess;
  /** Every reply published to the gateway, in order, with the time it was seen. */
  const published: Array<{ id: string; ok: boolean; at: number }> = [];

  before(async () => {
    const modelDir = await tinyModelDir();
    local = await TextClassifier.load(modelDir, { intraOpThreads: 1 });
    cluster = await SieveCluster.start({
      modelDir,
      workers: 0,
      gatewayEnv: { SIEVE_GATEWAY_ID: GATEWAY_ID },
    });
    // The holder waits up to 10 s for a lone text's company, so the calls are still in its hands when it freezes;
    // both run the default lock settings, which are what this test is about.
    holder = await cluster.addWorker({ SIEVE_MAX_WAIT_MS: '10000' });
    idle = await cluster.addWorker();
    redis = new Redis(cluster.redis.url);
    subscriber = new Redis(cluster.redis.url);
    await subscriber.subscribe(`${cluster.prefix}:reply:${GATEWAY_ID}`);
    subscriber.on('message', (_channel: string, message: string) => {
      const reply = JSON.parse(message) as { id: string; ok: boolean };
      published.push({ id: reply.id, ok: reply.ok, at: Date.now() });
    });
  });
  after(async () => {
    for (const worker of [holder, idle]) worker?.signal('SIGCONT');
    subscriber?.disconnect();
    redis?.disconnect();
    await cluster?.stop();
    await local?.close();
  });

  /** A batch of the worker's full size is computed at once, whatever the worker's wait for company. */
  const fullBatch = (tag: string) => Array.from({ length: 32 }, (_, i) => `${tag} text ${i}`);

  async function assertCorrect(texts: string[], response: ClassifyResponse): Promise<void> {
    const expected = await local.classify(texts);
    assert.equal(response.results.length, texts.length);
    response.results.forEach((result, i) =>
      assert.equal(result.labels[0]!.label, expected[i]!.labels[0]!.label, texts[i]),
    );
  }

  it('its held calls are answered by the other worker before their deadline, and it goes on serving after', async (t) => {
    // Both workers consume the tenant's queue (they discover it within a second of the first call).
    const warm = fullBatch('warm');
    await assertCorrect(warm, await cluster.classify({ model: 'tiny', texts: warm }));
    await settle(1500);

    // The idle worker is out of the way while the holder takes the calls.
    idle.signal('SIGSTOP');
    await settle(BLOCKING_FETCH_MS);
    const texts = ['the first held call', 'the second held call', 'a third one', 'and the fourth'];
    const sentAt = Date.now();
    const calls = texts.map((text) =>
      cluster.classify({ model: 'tiny', texts: [text] }, { deadlineMs: DEADLINE_MS }).then(
        (response) => ({ response, at: Date.now() }),
        (error: unknown) => ({ error: String(error), at: Date.now() }),
      ),
    );
    for (;;) {
      const counts = await jobCounts(redis, cluster.prefix);
      if (counts.active > 0 && counts.waiting === 0) break;
      assert.ok(Date.now() - sentAt < 3000, `the holder did not take the calls: ${JSON.stringify(counts)}`);
      await settle(20);
    }
    holder.signal('SIGSTOP');
    idle.signal('SIGCONT');
    const answers = await Promise.all(calls);
    for (const [i, answer] of answers.entries()) {
      assert.ok('response' in answer, `call ${i}: ${'error' in answer ? answer.error : ''}`);
      assert.ok(answer.at - sentAt < DEADLINE_MS, `call ${i} answered before its deadline`);
      await assertCorrect([texts[i]!], answer.response);
    }
    t.diagnostic(`held calls answered after ${answers.map((answer) => answer.at - sentAt).join(', ')} ms`);
    const answeredIds = new Set(published.map((reply) => reply.id));
    assert.equal(published.length, 1 + texts.length, 'one reply per call so far');
    assert.equal(answeredIds.size, published.length);

    // Past the held calls' deadlines, the holder wakes up with them still in its pool.
    await settle(Math.max(0, sentAt + DEADLINE_MS + 1000 - Date.now()));
    const wokeAt = Date.now();
    holder.signal('SIGCONT');
    await settle(4000);
    assert.equal(
      holder.output.some((line) => /uncaught|unhandled/i.test(line)),
      false,
      holder.output.join('\n'),
    );

    // It goes on serving: with the other worker gone, a call can only be answered by it, and correctly.
    await idle.kill('SIGKILL');
    const after = fullBatch('after');
    await assertCorrect(
      after,
      await cluster.classify({ model: 'tiny', texts: after }, { deadlineMs: 30_000 }),
    );

    // What the holder published on waking, for the calls it had lost, came after their one answer: the gateway keeps
    // the first reply for an id and drops the rest. Nothing else was published but the last call's reply.
    const sinceWake = published.filter((reply) => reply.at >= wokeAt);
    const stale = sinceWake.filter((reply) => answeredIds.has(reply.id));
    assert.equal(sinceWake.length - stale.length, 1, JSON.stringify(sinceWake));
    t.diagnostic(`the holder published ${stale.length} stale replies on waking`);
    // It says so, once, as a warning: no error per job and per failed command.
    const lost = holder.output.filter((line) => /lost \d+ job\(s\) to another worker/.test(line));
    assert.equal(lost.length, 1, holder.output.join('\n'));
    assert.equal(
      holder.output.filter((line) => /"level":(50|60)/.test(line)).length,
      0,
      holder.output.join('\n'),
    );
  });
});
