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
      // Not a timing assertion on speed: only that timers fired while the batch ran elsewhere (a blocked event
      // loop fires none before the batch's promise settles). Skipped when the batch was too short to tell.
      if (elapsed > 50) assert.ok(ticks > 0, `${ticks} timer ticks during a ${elapsed.toFixed(0)} ms batch`);
    } finally {
      await threaded.close();
    }
  });

  it('runs an urgent batch before the ones waiting for the thread, passing each waiting one at most once', async () => {
    const threaded = await TextClassifier.load(dir, { intraOpThreads: 1, thread: true });
    try {
      const row = (length: number) => Int32Array.from({ length }, (_, i) => (i === 0 ? 101 : 200 + (i % 50)));
      const small = Array.from({ length: 4 }, () => row(32));
      const order: string[] = [];
      const run = (name: string, rows: Int32Array[], urgent = false) =>
        threaded.predict(rows, { urgent }).then(() => order.push(name));
      // A long batch occupies the thread, so that the next four wait together behind it.
      const blocker = run(
        'blocker',
        Array.from({ length: 64 }, () => row(512)),
      );
      await new Promise((resolve) => setTimeout(resolve, 30));
      await Promise.all([
        blocker,
        run('first', small),
        run('urgent-1', small, true),
        run('second', small),
        run('urgent-2', small, true),
      ]);
      const at = (name: string) => order.indexOf(name);
      assert.ok(at('urgent-1') < at('first'), order.join(', '));
      assert.ok(at('urgent-2') < at('second'), order.join(', '));
      assert.ok(at('first') < at('second'), order.join(', '));
      // "first" was passed by urgent-1 and may not be passed again: it runs before urgent-2.
      assert.ok(at('first') < at('urgent-2'), order.join(', '));
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
