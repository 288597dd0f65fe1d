import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { tinyModelDir } from '@sieve/testing';
import {
  ExpressLaneSession,
  TextClassifier,
  type ExpressLoadOutcome,
  type PaddedBatch,
  type SessionOutput,
  type ThreadedOnnxSession,
  type TokenizedText,
} from '../src/index.ts';

const row = (length: number) => Int32Array.from({ length }, (_, i) => (i === 0 ? 101 : 200 + (i % 50)));

/** A stand-in for a session thread: records what it was given, answers at once or fails as told. */
class FakeThread {
  readonly ran: Array<{ ids: bigint[]; urgent: boolean }> = [];
  usable = true;
  failNext: Error | undefined;
  constructor(readonly name: string) {}
  run(batch: PaddedBatch, options: { urgent?: boolean } = {}): Promise<SessionOutput> {
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      return Promise.reject(error);
    }
    this.ran.push({ ids: [...batch.inputIds], urgent: options.urgent === true });
    return Promise.resolve({
      logits: new Float32Array(batch.batchSize),
      numLabels: 1,
      startedAt: 0,
      endedAt: 0,
    });
  }
  released = false;
  release(): Promise<void> {
    this.released = true;
    return Promise.resolve();
  }
}

const batchOf = (...ids: number[]): PaddedBatch => ({
  inputIds: BigInt64Array.from(ids.map(BigInt)),
  attentionMask: BigInt64Array.from(ids.map(() => 1n)),
  batchSize: 1,
  sequenceLength: ids.length,
});

function pair() {
  const main = new FakeThread('main');
  const express = new FakeThread('express');
  const session = new ExpressLaneSession(
    main as unknown as ThreadedOnnxSession,
    express as unknown as ThreadedOnnxSession,
  );
  return { main, express, session };
}

describe('ExpressLaneSession routing', () => {
  it('sends ordinary batches to the main session and an urgent one to the express session when it is free', async () => {
    const { main, express, session } = pair();
    const first = session.run(batchOf(1), { urgent: true });
    // The express session is busy with the first: the second urgent batch jumps the main session's queue instead.
    const second = session.run(batchOf(2), { urgent: true });
    await Promise.all([first, second, session.run(batchOf(3))]);
    assert.deepEqual(express.ran, [{ ids: [1n], urgent: true }]);
    assert.deepEqual(main.ran, [
      { ids: [2n], urgent: true },
      { ids: [3n], urgent: false },
    ]);
    // Free again once its batch is done.
    await session.run(batchOf(4), { urgent: true });
    assert.deepEqual(express.ran.at(-1), { ids: [4n], urgent: true });
    assert.equal(session.expressRuns, 2);
  });

  it('runs the batch on the main session when the express thread is gone, and stops using that thread', async () => {
    const { main, express, session } = pair();
    express.failNext = new Error('inference thread exited');
    express.usable = false;
    // usable is read before sending: a thread already known gone is never sent a batch.
    await session.run(batchOf(5), { urgent: true });
    assert.deepEqual(main.ran, [{ ids: [5n], urgent: true }]);
    assert.equal(express.ran.length, 0);
  });

  it('reruns on the main session a batch the express thread took and then failed by exiting', async () => {
    const { main, express, session } = pair();
    const gone = new Error('inference thread exited');
    express.run = (batch) => {
      express.usable = false;
      void batch;
      return Promise.reject(gone);
    };
    await session.run(batchOf(6, 7), { urgent: true });
    // The main session got the original batch: the express thread had been sent a copy.
    assert.deepEqual(main.ran, [{ ids: [6n, 7n], urgent: true }]);
  });

  it('passes on an error of the graph itself (the express thread still usable): no silent retry', async () => {
    const { main, express, session } = pair();
    express.failNext = new Error('Non-zero status code returned while running Gather node');
    await assert.rejects(session.run(batchOf(8), { urgent: true }), /Gather/);
    assert.equal(main.ran.length, 0);
  });
});

describe('ExpressLaneSession loading its express session on demand', () => {
  function onDemand(load: () => Promise<FakeThread>) {
    const main = new FakeThread('main');
    const outcomes: ExpressLoadOutcome[] = [];
    let loads = 0;
    const session = new ExpressLaneSession(main as unknown as ThreadedOnnxSession, {
      load: () => {
        loads += 1;
        return load() as unknown as Promise<ThreadedOnnxSession>;
      },
      onLoad: (outcome) => outcomes.push(outcome),
    });
    return { main, session, outcomes, loads: () => loads };
  }

  it('loads nothing for ordinary batches, then loads on the first urgent one, which jumps the main queue meanwhile', async () => {
    const express = new FakeThread('express');
    let finish: (thread: FakeThread) => void = () => {};
    const { main, session, outcomes, loads } = onDemand(
      () => new Promise<FakeThread>((resolve) => (finish = resolve)),
    );
    await session.run(batchOf(1));
    assert.equal(loads(), 0);
    assert.equal(session.expressLoaded, false);
    // Both urgent batches come while the express session loads: they jump the main queue, and it loads once.
    await session.run(batchOf(2), { urgent: true });
    await session.run(batchOf(3), { urgent: true });
    finish(express);
    await session.expressSettled();
    assert.equal(loads(), 1);
    assert.equal(session.expressLoaded, true);
    assert.equal(outcomes.length, 1);
    assert.equal(outcomes[0]!.loaded, true);
    await session.run(batchOf(4), { urgent: true });
    assert.deepEqual(
      main.ran.map((r) => r.ids[0]),
      [1n, 2n, 3n],
    );
    assert.deepEqual(express.ran, [{ ids: [4n], urgent: true }]);
    await session.release();
    assert.ok(main.released && express.released);
  });

  it('keeps serving urgent batches on the main session when the express session cannot be loaded, and says so once', async () => {
    const { main, session, outcomes, loads } = onDemand(() =>
      Promise.reject(new Error('cannot allocate memory')),
    );
    await session.run(batchOf(1), { urgent: true });
    await session.expressSettled();
    await session.run(batchOf(2), { urgent: true });
    assert.equal(loads(), 1);
    assert.equal(outcomes.length, 1);
    assert.match(String((outcomes[0] as { error: unknown }).error), /cannot allocate memory/);
    assert.deepEqual(
      main.ran.map((r) => r.ids[0]),
      [1n, 2n],
    );
    await session.release();
  });

  it('releases an express session whose load ends after the pair was released', async () => {
    const express = new FakeThread('express');
    let finish: (thread: FakeThread) => void = () => {};
    const { main, session } = onDemand(() => new Promise<FakeThread>((resolve) => (finish = resolve)));
    await session.run(batchOf(1), { urgent: true });
    const released = session.release();
    finish(express);
    await released;
    assert.ok(main.released && express.released);
    assert.equal(session.expressLoaded, false);
  });
});

describe('a model loaded with an express lane', () => {
  let dir: string;
  before(async () => {
    dir = await tinyModelDir();
  });

  it('says so, answers as the plain session does, and computes an urgent batch beside the batch in progress', async () => {
    const plain = await TextClassifier.load(dir, { intraOpThreads: 1 });
    const served = await TextClassifier.load(dir, {
      intraOpThreads: 1,
      thread: true,
      expressLane: true,
      preloadExpressLane: true,
    });
    try {
      assert.equal(served.info.expressLane, true);
      assert.equal(plain.info.expressLane, false);
      const rows = (
        (await plain.tokenize(['good', 'a longer text than that', 'bad'])) as TokenizedText[]
      ).map((t) => t.ids);
      const expected = await plain.predict(rows);
      for (const urgent of [false, true]) {
        const actual = await served.predict(rows, { urgent });
        actual.forEach((r, i) => r.forEach((v, j) => assert.ok(Math.abs(v - expected[i]![j]!) < 1e-5)));
      }
      // A long batch holds the main session; an urgent one sent after it starts computing before it ends.
      const blocker = served.runBatch(Array.from({ length: 64 }, () => row(512)));
      await new Promise((resolve) => setTimeout(resolve, 5));
      const urgent = await served.runBatch([row(16)], { urgent: true });
      const long = await blocker;
      assert.ok(long.startedAt <= long.endedAt && urgent.startedAt <= urgent.endedAt);
      assert.equal(urgent.express, true);
      assert.equal(long.express, false);
      assert.ok(
        urgent.startedAt < long.endedAt,
        `urgent batch started ${(urgent.startedAt - long.endedAt).toFixed(1)} ms after the long one ended`,
      );
    } finally {
      await plain.close();
      await served.close();
    }
  });

  it('loads the express session on the first urgent batch and then computes urgent batches on it', async () => {
    let loaded: (outcome: ExpressLoadOutcome) => void = () => {};
    const outcome = new Promise<ExpressLoadOutcome>((resolve) => (loaded = resolve));
    const served = await TextClassifier.load(dir, {
      intraOpThreads: 1,
      thread: true,
      expressLane: true,
      onExpressLoad: loaded,
    });
    try {
      assert.equal(served.info.expressLane, true);
      const first = await served.runBatch([row(8)], { urgent: true });
      assert.equal(first.express, false);
      assert.equal((await outcome).loaded, true);
      const next = await served.runBatch([row(8)], { urgent: true });
      assert.equal(next.express, true);
      assert.deepEqual(next.logits, first.logits);
    } finally {
      await served.close();
    }
  });

  it('has no second session unless asked', async () => {
    const served = await TextClassifier.load(dir, { intraOpThreads: 1, thread: true });
    try {
      assert.equal(served.info.expressLane, false);
    } finally {
      await served.close();
    }
  });
});
