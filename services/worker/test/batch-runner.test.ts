// The batch runner's express lane, with a stand-in classifier whose batches end when the test says: which batches
// go to the inference thread, and which of them are marked urgent; and what it asks Redis about cancellations.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { BatchAssembler, FairShareAnchorPolicy } from '@sieve/batching';
import {
  ReplyStatus,
  type CancellationFeed,
  type JobRequest,
  type Reply,
  type ReplyPublisher,
  type RequestCancellation,
} from '@sieve/queue';
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

function standIns(
  sessions = 1,
  cancels: { cancelledAmong?: (ids: readonly string[]) => Set<string>; feed?: CancellationFeed } = {},
) {
  const sent: Sent[] = [];
  const published: Reply[] = [];
  const lookups: string[][] = [];
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
  const publisher = {
    publish: async (_gateway: string, replies: Reply[]) => void published.push(...replies),
  } as unknown as ReplyPublisher;
  const cancellation = {
    cancelledAmong: async (ids: readonly string[]) => {
      lookups.push([...ids]);
      return cancels.cancelledAmong?.(ids) ?? new Set<string>();
    },
  } as unknown as RequestCancellation;
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
    ...(cancels.feed ? { cancellationFeed: cancels.feed } : {}),
    modelRef: 'test@1',
    log: pino({ level: 'silent' }),
  });
  return { sent, runner, published, lookups };
}

let sequence = 0;
/** One request of `count` texts of 16 tokens for `tenant`, as the job handler would queue it. */
function texts(tenant: string | undefined, count: number, priority = 1, gateway = 'gateway-1'): QueuedText[] {
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
  const tracker = new RequestTracker(request, gateway, Date.now());
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

describe('BatchRunner and cancellations', () => {
  /** A feed that vouches for every request (subscribed since before any was checked), or for none. */
  const feed = (covers: boolean) => ({ covers: () => covers }) as unknown as CancellationFeed;
  /** Requests whose marks were read long before their batch (past the recheck window). */
  const waited = (list: QueuedText[]) => {
    list[0]!.tracker.cancellationCheckedAt = performance.now() - 60_000;
    return list;
  };
  const finishAll = async (sent: Sent[]) => {
    for (let round = 0; round < 3; round++) {
      for (const s of sent) s.finish();
      await settle();
    }
  };

  it('reads no marks for requests the feed vouches for, and skips one the feed heard cancelled', async () => {
    const { sent, runner, published, lookups } = standIns(1, { feed: feed(true) });
    const gone = waited(texts('flood', 3));
    const kept = waited(texts('flood', 2));
    gone[0]!.tracker.cancelRequested = true;
    runner.start();
    runner.add([...gone, ...kept]);
    await finishAll(sent);
    await runner.stop();
    assert.deepEqual(lookups, [], 'no round trip to Redis');
    assert.equal(
      sent.reduce((sum, s) => sum + s.tenants.length, 0),
      2,
      'only the live request was computed',
    );
    assert.equal(runner.stats.skippedCancelled, 3);
    const reply = published.find((r) => r.id === gone[0]!.tracker.request.id);
    assert.equal(reply?.ok, false);
    assert.equal(!reply?.ok && reply?.error.code, ReplyStatus.CANCELLED);
  });

  it("reads the marks of requests the feed cannot vouch for, and never a batch job's", async () => {
    const gone = waited(texts('flood', 3));
    const kept = waited(texts('flood', 2));
    const chunk = texts('bulk-tenant', 2, 3, '');
    chunk[0]!.tracker.cancellationCheckedAt = undefined;
    const goneId = gone[0]!.tracker.request.id;
    const { sent, runner, lookups } = standIns(1, {
      feed: feed(false),
      cancelledAmong: (ids) => new Set(ids.filter((id) => id === goneId)),
    });
    runner.start();
    runner.add([...gone, ...kept, ...chunk]);
    await finishAll(sent);
    await runner.stop();
    assert.deepEqual(
      lookups.flat().sort(),
      [goneId, kept[0]!.tracker.request.id].sort(),
      'one reading for the two interactive requests',
    );
    assert.equal(runner.stats.skippedCancelled, 3);
    assert.equal(
      sent.reduce((sum, s) => sum + s.tenants.length, 0),
      4,
    );
  });
});
