import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tinyModelDir } from '@sieve/testing';
import { ModelLoadError, TextClassifier, type TokenizedText } from '../src/index.ts';

describe('ONNX Runtime on its own thread', () => {
  let dir: string;
  before(async () => {
    dir = await tinyModelDir();
  });

  it('gives the same logits as the in-thread session', async () => {
    const inThread = await TextClassifier.load(dir, { intraOpThreads: 1 });
    const threaded = await TextClassifier.load(dir, { intraOpThreads: 1, thread: true });
    try {
      const texts = ['good', 'a much longer text than the first one', 'bad'];
      const rows = ((await inThread.tokenize(texts)) as TokenizedText[]).map((t) => t.ids);
      const [expected, actual] = [await inThread.predict(rows), await threaded.predict(rows)];
      actual.forEach((row, i) =>
        row.forEach((value, j) => assert.ok(Math.abs(value - expected[i]![j]!) < 1e-6)),
      );
      assert.equal(threaded.info.digest, inThread.info.digest);
      // Many batches in flight at once come back to their own callers.
      const many = await Promise.all(rows.map((row) => threaded.predict([row])));
      many.forEach((result, i) => assert.ok(Math.abs(result[0]![0]! - expected[i]![0]!) < 1e-6));
    } finally {
      await inThread.close();
      await threaded.close();
    }
  });

  it('keeps the event loop free while a batch runs', async () => {
    const threaded = await TextClassifier.load(dir, { intraOpThreads: 1, thread: true });
    try {
      const rows = Array.from({ length: 32 }, () =>
        Int32Array.from({ length: 512 }, (_, i) => (i === 0 ? 101 : 200 + (i % 50))),
      );
      let ticks = 0;
      const timer = setInterval(() => (ticks += 1), 1);
      const started = performance.now();
      await threaded.predict(rows);
      const elapsed = performance.now() - started;
      clearInterval(timer);
      // Not a timing assertion on speed: only that timers fired while the batch ran elsewhere.
      if (elapsed > 20) assert.ok(ticks > 2, `${ticks} timer ticks during a ${elapsed.toFixed(0)} ms batch`);
    } finally {
      await threaded.close();
    }
  });

  it('runs an urgent batch before the ones waiting for the thread, passing each waiting one at most once', async () => {
    const threaded = await TextClassifier.load(dir, { intraOpThreads: 1, thread: true });
    try {
      const row = Int32Array.from({ length: 256 }, (_, i) => (i === 0 ? 101 : 200 + (i % 50)));
      const rows = Array.from({ length: 16 }, () => row);
      const order: string[] = [];
      const run = (name: string, urgent = false) =>
        threaded.predict(rows, { urgent }).then(() => order.push(name));
      // Sent in one turn: the thread sees all four before it chooses.
      await Promise.all([run('first'), run('urgent-1', true), run('second'), run('urgent-2', true)]);
      // urgent-1 passes "first"; urgent-2 may not pass it again, so it goes first, then urgent-2 passes "second".
      assert.deepEqual(order, ['urgent-1', 'first', 'urgent-2', 'second']);
      // A batch sent while another runs also goes ahead of those waiting.
      order.length = 0;
      const running = run('running');
      const waiting = run('waiting');
      await new Promise((resolve) => setTimeout(resolve, 1));
      await Promise.all([running, waiting, run('late-urgent', true)]);
      assert.equal(order.indexOf('late-urgent') < order.indexOf('waiting'), true, order.join(', '));
    } finally {
      await threaded.close();
    }
  });

  it('reports a broken model file from the thread, naming the file', async () => {
    await assert.rejects(
      TextClassifier.load(join(dir, 'no-such-dir'), { thread: true }),
      (error: unknown) => error instanceof ModelLoadError,
    );
  });
});
