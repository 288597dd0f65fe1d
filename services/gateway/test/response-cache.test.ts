// The cache's own logic over a stand-in store: which texts go to the workers, and what concurrent calls share.
// What callers see end to end (cached flags, opt-out, keys by options, errors never stored) is in
// test/serving/response-cache.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { ApiError, type ClassifyResponseInit } from '@sieve/api';
import { KeyedDigest } from '@sieve/queue';
import { MemoryTenantStore } from '@sieve/testing';
import { ResponseCache } from '../src/response-cache.ts';
import type { ValidatedRequest } from '../src/inference/request-validation.ts';

/** The cache's store without bounds (BoundedTenantStore's are tested on their own) and a digest key of its own. */
const memoryStore = () => ({ store: new MemoryTenantStore(), digest: KeyedDigest.ephemeral() });

const DIGEST = 'sha256:0123456789abcdef0123456789abcdef';
const request = (texts: string[], requestId = ''): ValidatedRequest =>
  ({
    model: { name: 'sentiment', version: '1', ref: 'sentiment@1', digest: DIGEST },
    job: { texts, topK: 0, raw: false, truncation: 'r', priority: 1 },
    requestId,
  }) as unknown as ValidatedRequest;

/** A worker stand-in: answers each text with its length as score, after `release` is called. */
class HeldWorkers {
  readonly sent: string[][] = [];
  private releases: Array<() => void> = [];
  failNext = false;

  dispatch = async (validated: ValidatedRequest): Promise<ClassifyResponseInit> => {
    this.sent.push([...validated.job.texts]);
    const fail = this.failNext;
    this.failNext = false;
    await new Promise<void>((resolve) => this.releases.push(resolve));
    if (fail) throw new ApiError(status.UNAVAILABLE, 'worker lost');
    return {
      results: validated.job.texts.map((text) => ({
        labels: [{ label: 'spam', score: text.length / 100 }],
        tokenCount: text.length,
        truncated: false,
        cached: false,
      })),
      model: 'sentiment@1',
      modelDigest: DIGEST,
      requestId: validated.requestId,
      tokenCount: validated.job.texts.reduce((sum, text) => sum + text.length, 0),
    };
  };

  /** Lets every held dispatch answer, once the calls under test have reached it. */
  async release(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const releases = this.releases;
    this.releases = [];
    releases.forEach((release) => release());
  }
}

const noReplays = { recall: async () => undefined, remember: async () => undefined };
const options = (signal = new AbortController().signal, deadline = Date.now() + 10_000) => ({
  tenant: 't1',
  disabled: false,
  replays: noReplays,
  deadline,
  signal,
});

describe('ResponseCache', () => {
  it('computes a text that several calls send at once one time, and marks the shared answers cached', async () => {
    const cache = new ResponseCache({ ...memoryStore(), ttlMs: 60_000 });
    const workers = new HeldWorkers();
    const calls = Array.from({ length: 5 }, () =>
      cache.classify(request(['win a free cruise']), options(), workers.dispatch),
    );
    await workers.release();
    const answers = await Promise.all(calls);
    assert.deepEqual(workers.sent, [['win a free cruise']]);
    assert.deepEqual(
      answers.map((answer) => answer.results![0]!.cached),
      [false, true, true, true, true],
    );
    for (const answer of answers) {
      assert.deepEqual(answer.results![0]!.labels, [{ label: 'spam', score: 0.17 }]);
      assert.equal(answer.tokenCount, 17);
    }
  });

  it('sends a text repeated within one call once, and answers every place in order', async () => {
    const cache = new ResponseCache({ ...memoryStore(), ttlMs: 60_000 });
    const workers = new HeldWorkers();
    const call = cache.classify(request(['aa', 'bbb', 'aa', 'aa']), options(), workers.dispatch);
    await workers.release();
    const answer = await call;
    assert.deepEqual(workers.sent, [['aa', 'bbb']]);
    assert.deepEqual(
      answer.results!.map((result) => [result.tokenCount, result.cached]),
      [
        [2, false],
        [3, false],
        [2, true],
        [2, true],
      ],
    );
  });

  it('lets a follower compute the text itself when the call it waited for fails, and fails only that call', async () => {
    const cache = new ResponseCache({ ...memoryStore(), ttlMs: 60_000 });
    const workers = new HeldWorkers();
    workers.failNext = true;
    const leader = cache.classify(request(['lost text']), options(), workers.dispatch);
    const follower = cache.classify(request(['lost text']), options(), workers.dispatch);
    const leaderFailed = assert.rejects(leader, (error: ApiError) => error.code === status.UNAVAILABLE);
    await workers.release();
    await leaderFailed;
    await workers.release();
    const answer = await follower;
    assert.deepEqual(workers.sent, [['lost text'], ['lost text']]);
    assert.equal(answer.results![0]!.cached, false);
    assert.equal(answer.results![0]!.tokenCount, 9);
  });

  it('computes a followed text itself when its leader fails, beside texts it led', async () => {
    const cache = new ResponseCache({ ...memoryStore(), ttlMs: 60_000 });
    const workers = new HeldWorkers();
    workers.failNext = true;
    const leader = cache.classify(request(['shared']), options(), workers.dispatch);
    const mixed = cache.classify(request(['own', 'shared']), options(), workers.dispatch);
    const leaderFailed = assert.rejects(leader, (error: ApiError) => error.code === status.UNAVAILABLE);
    await workers.release();
    await leaderFailed;
    await workers.release();
    const answer = await mixed;
    assert.deepEqual(workers.sent, [['shared'], ['own'], ['shared']]);
    assert.deepEqual(
      answer.results!.map((result) => [result.tokenCount, result.cached]),
      [
        [3, false],
        [6, false],
      ],
    );
  });

  it("ends a follower's wait at its own cancellation or deadline, and the call it waited for goes on", async () => {
    const cache = new ResponseCache({ ...memoryStore(), ttlMs: 60_000 });
    const workers = new HeldWorkers();
    const leader = cache.classify(request(['slow text']), options(), workers.dispatch);
    const abort = new AbortController();
    const cancelled = cache.classify(request(['slow text']), options(abort.signal), workers.dispatch);
    const late = cache.classify(request(['slow text']), options(undefined, Date.now() + 5), workers.dispatch);
    abort.abort();
    await assert.rejects(cancelled, (error: ApiError) => error.code === status.CANCELLED);
    await assert.rejects(late, (error: ApiError) => error.code === status.DEADLINE_EXCEEDED);
    await workers.release();
    assert.equal((await leader).results![0]!.cached, false);
    assert.deepEqual(workers.sent, [['slow text']]);
  });

  it('answers from the store afterwards, per tenant', async () => {
    const cache = new ResponseCache({ ...memoryStore(), ttlMs: 60_000 });
    const workers = new HeldWorkers();
    const first = cache.classify(request(['stored']), options(), workers.dispatch);
    await workers.release();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    const again = await cache.classify(request(['stored']), options(), workers.dispatch);
    assert.equal(again.results![0]!.cached, true);
    const otherTenant = cache.classify(request(['stored']), { ...options(), tenant: 't2' }, workers.dispatch);
    await workers.release();
    assert.equal((await otherTenant).results![0]!.cached, false);
    assert.equal(workers.sent.length, 2);
  });
});
