// The ids a gateway gives its requests: a restarted process under the same gateway id (the chart names it after the
// pod, which a container restart keeps) never reuses one, so a late reply meant for the previous process cannot
// answer a new request.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type {
  ClassifyEnqueuer,
  JobRequest,
  ReplySubscriber,
  RequestCancellation,
  RequestIdMemo,
} from '@sieve/queue';
import { ClassifyDispatcher } from '../../src/inference/classify-dispatcher.ts';
import type { ValidatedRequest } from '../../src/inference/request-validation.ts';

/** The id of the first request a fresh dispatcher (a fresh gateway process) enqueues. */
async function firstRequestId(gatewayId: string): Promise<string> {
  let enqueued: JobRequest | undefined;
  const dispatcher = new ClassifyDispatcher({
    gatewayId,
    enqueuer: {
      enqueue: async (_model: string, request: JobRequest) => {
        enqueued = request;
      },
    } as unknown as ClassifyEnqueuer,
    subscriber: { expect: () => undefined, forget: () => undefined } as unknown as ReplySubscriber,
    cancellation: { cancel: async () => undefined } as unknown as RequestCancellation,
    memo: {} as RequestIdMemo,
    maxPendingTexts: 100,
    backendReady: () => true,
  });
  const validated = {
    model: { name: 'sentiment', version: '1', ref: 'sentiment@1', digest: 'sha256:x' },
    job: { texts: ['a text'], topK: 0, raw: false, truncation: 'r', priority: 1 },
    requestId: '',
  } as unknown as ValidatedRequest;
  const abort = new AbortController();
  const call = dispatcher.classify(validated, {
    deadline: Date.now() + 5000,
    signal: abort.signal,
    tenant: { id: 'acme', weight: 1 },
  });
  await new Promise((resolve) => setImmediate(resolve));
  abort.abort();
  await call.catch(() => undefined);
  assert.ok(enqueued, 'the request was enqueued');
  return enqueued.id;
}

describe('request ids', () => {
  it('differ between two processes of the same gateway id', async () => {
    const before = await firstRequestId('gateway-0');
    const after = await firstRequestId('gateway-0');
    assert.ok(before.startsWith('gateway-0.'), before);
    assert.notEqual(before, after);
  });
});
