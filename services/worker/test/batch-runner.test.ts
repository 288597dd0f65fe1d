// The batch runner's express lane, with a stand-in classifier whose batches end when the test says: which batches
// go to the inference thread, and which of them are marked urgent.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { BatchAssembler, FairShareAnchorPolicy } from '@sieve/batching';
import type { JobRequest, ReplyPublisher, RequestCancellation } from '@sieve/queue';
import type { TextClassifier } from '@sieve/runtime';
import { BatchRunner, type QueuedText } from '../src/batch-runner.ts';
import { RequestTracker } from '../src/request-tracker.ts';

/** Token ids carry the tenant, so that the stand-in classifier can tell whose texts a batch holds. */
const TENANTS = [undefined, 'flood', 'light', 'other', 'bulk-tenant'];

interface Sent {
  tenants: Array<string | undefined>;
  urgent: boolean;
  finish: () => void;
}

function standIns(sessions = 1) {
  const sent: Sent[] = [];
  const classifier = {
    info: { digest: 'sha256:test', executionProvider: 'cpu', sessions },
    runBatch(rows: readonly Int32Array[], options: { urgent?: boolean } = {}) {
      const startedAt = performance.now();
      return new Promise((resolve) => {
        const entry: Sent = {
          tenants: rows.map((row) => TENANTS[row[0]!]),
          urgent: options.urgent === true,
          finish: () =>
            resolve({
              logits: rows.map(() => Float32Array.of(1, 0)),
              startedAt,
              endedAt: performance.now(),
              express: false,
            }),
        };
        sent.push(entry);
      });
    },
    score: () => [{ label: 'positive', score: 1 }],
  } as unknown as TextClassifier;
  const publisher = { publish: async () => undefined } as unknown as ReplyPublisher;
  const cancellation = { cancelledAmong: async () => new Set<string>() } as unknown as RequestCancellation;
  const runner = new BatchRunner({
    assembler: new BatchAssembler<QueuedText>({
      maxBatchTexts: 8,
      maxBatchTokens: 1024,
      maxWaitMs: 0,
      ordering: 'length',
      anchorPolicy: new FairShareAnchorPolicy<QueuedText>({ isolateLaggingTenants: true }),
    }),
    classifier,
    publisher,
    cancellation,
    modelRef: 'test@1',
    log: pino({ level: 'silent' }),
  });
  return { sent, runner };
}

let sequence = 0;
/** One request of `count` texts of 16 tokens for `tenant`, as the job handler would queue it. */
function texts(tenant: string | undefined, count: number, priority = 1): QueuedText[] {
  const request: JobRequest = {
    id: `r${(sequence += 1)}`,
    texts: Array.from({ length: count }, () => 'text'),
    topK: 0,
    raw: false,
    truncation: 'r',
    deadline: 0,
    acceptedAt: Date.now(),
    priority,
    ...(tenant ? { tenant } : {}),
  };
  const tracker = new RequestTracker(request, 'gateway-1', Date.now());
  tracker.cancellationCheckedAt = performance.now();
  return request.texts.map((_, index) => ({
    key: `${request.id}#${index}`,
    tokens: 16,
    enqueuedAt: Date.now(),
    priority,
    ...(tenant ? { tenant } : {}),
    tracker,
    index,
    ids: new Int32Array(16).fill(TENANTS.indexOf(tenant)),
    truncated: false,
  }));
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('BatchRunner express lane', () => {
  it('sends a batch of a tenant with nothing in flight past the two in flight, marked urgent, and no more', async () => {
    const { sent, runner } = standIns();
    runner.start();
    runner.add(texts('flood', 24));
    await settle();
    assert.deepEqual(
      sent.map((s) => [s.tenants.length, s.urgent]),
      [
        [8, false],
        [8, false],
      ],
      'two batches in flight',
    );
    // More of the flood waits; a light tenant's text goes at once, alone, urgent.
    runner.add(texts('light', 1));
    await settle();
    assert.equal(sent.length, 3);
    assert.deepEqual(sent[2], { ...sent[2], tenants: ['light'], urgent: true });
    // Now the light tenant has work in flight too: a second light text waits like anyone's.
    runner.add(texts('light', 1));
    runner.add(texts('other', 1));
    await settle();
    assert.equal(sent.length, 3, 'at most one batch past the two in flight');
    // Once a batch ends, the tenant with nothing in flight goes first, urgent again.
    sent[0]!.finish();
    await settle();
    assert.equal(sent.length, 4);
    assert.deepEqual(sent[3], { ...sent[3], tenants: ['other'], urgent: true });
    assert.equal(runner.stats.urgentBatches, 2);
    for (const s of sent) s.finish();
    await settle();
    for (const s of sent) s.finish();
    await runner.stop();
  });

  it('never sends bulk work past interactive work in flight, nor a lone tenant past its own batches', async () => {
    const { sent, runner } = standIns();
    runner.start();
    runner.add(texts(undefined, 24));
    await settle();
    runner.add(texts(undefined, 1)); // the open (tenant-less) bucket is one tenant, already in flight
    runner.add(texts('bulk-tenant', 1, 3)); // a batch job's text: worse priority than what is in flight
    await settle();
    assert.equal(sent.length, 2);
    assert.equal(
      sent.some((s) => s.urgent),
      false,
    );
    for (let round = 0; round < 6; round++) {
      for (const s of sent) s.finish();
      await settle();
    }
    await runner.stop();
  });
});

describe('BatchRunner with several sessions', () => {
  it('keeps every session busy, queues one batch more, and marks a batch urgent only when no session is free', async () => {
    const { sent, runner } = standIns(2);
    runner.start();
    runner.add(texts('flood', 4));
    await settle();
    assert.deepEqual(
      sent.map((s) => [s.tenants.length, s.urgent]),
      [[4, false]],
    );
    // A session is free: a lone text of the same tenant starts at once instead of gathering company.
    runner.add(texts('flood', 1));
    await settle();
    assert.equal(sent.length, 2, 'both sessions busy');
    // Both busy: fewer than 8 pending gather company; 8 or more queue one batch behind them, and no more.
    runner.add(texts('flood', 3));
    await settle();
    assert.equal(sent.length, 2);
    runner.add(texts('flood', 13));
    await settle();
    assert.equal(sent.length, 3, 'one batch queued behind the two running');
    // A tenant with nothing in flight goes past them, urgent; then nothing more until a batch ends.
    runner.add(texts('light', 1));
    await settle();
    assert.equal(sent.length, 4);
    assert.deepEqual(sent[3], { ...sent[3], tenants: ['light'], urgent: true });
    assert.equal(
      sent.slice(0, 3).some((s) => s.urgent),
      false,
    );
    // Three in flight (two sessions, one queued) once the first ends; a fourth only when a second ends.
    sent[0]!.finish();
    await settle();
    assert.equal(sent.length, 4);
    sent[1]!.finish();
    await settle();
    assert.equal(sent.length, 5);
    for (let round = 0; round < 6; round++) {
      for (const s of sent) s.finish();
      await settle();
    }
    await runner.stop();
    assert.equal(
      sent.reduce((sum, s) => sum + s.tenants.length, 0),
      22,
      'every text ran once',
    );
  });
});
