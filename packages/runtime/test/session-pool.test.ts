import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { tinyModelDir } from '@sieve/testing';
import {
  SessionPool,
  TextClassifier,
  type PaddedBatch,
  type PooledSession,
  type SessionOutput,
  type TokenizedText,
} from '../src/index.ts';

/** A stand-in session whose runs end when the test says, or fail as told. */
class HeldSession {
  readonly runs: Array<{ first: bigint; urgent: boolean; finish: () => void; fail: (e: Error) => void }> = [];
  usable = true;
  released = false;
  readonly executionProvider = 'cpu' as const;
  readonly inputNames = ['input_ids', 'attention_mask'];
  readonly outputName = 'logits';
  readonly features = { available: false as const, reason: 'stand-in' };

  run(batch: PaddedBatch, options: { urgent?: boolean } = {}): Promise<SessionOutput> {
    // Like a thread, the session takes the batch's buffers: the caller's view of them is gone.
    const first = batch.inputIds[0]!;
    batch.inputIds.fill(-1n);
    return new Promise((resolve, reject) => {
      this.runs.push({
        first,
        urgent: options.urgent === true,
        finish: () =>
          resolve({ logits: Float32Array.of(Number(first)), numLabels: 1, startedAt: 0, endedAt: 0 }),
        fail: reject,
      });
    });
  }

  release(): Promise<void> {
    this.released = true;
    return Promise.resolve();
  }
}

const batchOf = (id: number): PaddedBatch => ({
  inputIds: BigInt64Array.of(BigInt(id)),
  attentionMask: BigInt64Array.of(1n),
  batchSize: 1,
  sequenceLength: 1,
});
const settle = () => new Promise((resolve) => setImmediate(resolve));

function poolOf(count: number) {
  const sessions = Array.from({ length: count }, () => new HeldSession());
  return { sessions, pool: new SessionPool(sessions as PooledSession[]) };
}

describe('SessionPool', () => {
  it('runs one batch per free session and gives the next free one the oldest waiting batch, urgent ones first', async () => {
    const { sessions, pool } = poolOf(2);
    const answers = [1, 2, 3, 4].map((id) => pool.run(batchOf(id)));
    const urgent = pool.run(batchOf(9), { urgent: true });
    await settle();
    assert.deepEqual(
      sessions.map((s) => s.runs.map((r) => r.first)),
      [[1n], [2n]],
    );
    sessions[1]!.runs[0]!.finish();
    await settle();
    assert.deepEqual(sessions[1]!.runs[1], { ...sessions[1]!.runs[1]!, first: 9n, urgent: true });
    sessions[0]!.runs[0]!.finish();
    sessions[1]!.runs[1]!.finish();
    await settle();
    assert.deepEqual(
      sessions.map((s) => s.runs.map((r) => r.first)),
      [
        [1n, 3n],
        [2n, 9n, 4n],
      ],
    );
    for (const s of sessions) for (const r of s.runs) r.finish();
    assert.deepEqual(
      (await Promise.all([...answers, urgent])).map((o) => o.logits[0]),
      [1, 2, 3, 4, 9],
    );
    await pool.release();
    assert.ok(sessions.every((s) => s.released));
  });

  it('runs a batch whose session died on another session, from its own copy of the batch', async () => {
    const { sessions, pool } = poolOf(2);
    const first = pool.run(batchOf(1));
    const second = pool.run(batchOf(2));
    await settle();
    sessions[0]!.usable = false;
    sessions[0]!.runs[0]!.fail(new Error('inference thread exited'));
    await settle();
    assert.equal(sessions[1]!.runs.length, 1, 'waits for the one session left');
    sessions[1]!.runs[0]!.finish();
    await settle();
    assert.equal(sessions[1]!.runs[1]!.first, 1n);
    sessions[1]!.runs[1]!.finish();
    assert.deepEqual([(await first).logits[0], (await second).logits[0]], [1, 2]);
    await pool.release();
  });

  it('passes on a batch failure of a live session, and refuses work once no session is left', async () => {
    const { sessions, pool } = poolOf(1);
    const failing = pool.run(batchOf(1));
    await settle();
    sessions[0]!.runs[0]!.fail(new Error('bad shape'));
    await assert.rejects(failing, /bad shape/);
    const waiting = pool.run(batchOf(2));
    const queued = pool.run(batchOf(3));
    await settle();
    sessions[0]!.usable = false;
    sessions[0]!.runs[1]!.fail(new Error('inference thread exited'));
    await assert.rejects(waiting, /inference thread exited/);
    await assert.rejects(queued, /no session of the pool can take batches/);
    await pool.release();
    await assert.rejects(pool.run(batchOf(4)), /released/);
  });

  it('needs a session', () => {
    assert.throws(() => new SessionPool([]), /at least one session/);
  });
});

describe('a model loaded with several sessions', () => {
  let dir: string;
  before(async () => {
    dir = await tinyModelDir();
  });

  it('answers as one session does and computes two batches at once', async () => {
    const plain = await TextClassifier.load(dir, { intraOpThreads: 1 });
    const served = await TextClassifier.load(dir, { intraOpThreads: 1, thread: true, sessions: 2 });
    try {
      assert.equal(served.info.sessions, 2);
      assert.equal(plain.info.sessions, 1);
      const rows = (
        (await plain.tokenize(['good', 'a longer text than that', 'bad'])) as TokenizedText[]
      ).map((t) => t.ids);
      const expected = await plain.predict(rows);
      const answers = await Promise.all([served.predict(rows), served.predict(rows)]);
      for (const actual of answers)
        actual.forEach((r, i) => r.forEach((v, j) => assert.ok(Math.abs(v - expected[i]![j]!) < 1e-5)));
      const long = Array.from({ length: 32 }, () =>
        Int32Array.from({ length: 512 }, (_, i) => (i === 0 ? 101 : 200 + (i % 50))),
      );
      const [a, b] = await Promise.all([served.runBatch(long), served.runBatch(long)]);
      assert.ok(b.startedAt < a.endedAt && a.startedAt < b.endedAt, 'the two batches overlapped in time');
    } finally {
      await plain.close();
      await served.close();
    }
  });
});
