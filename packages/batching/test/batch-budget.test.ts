import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchAssembler, type BatchOrdering, type PendingText } from '../src/index.ts';
import { SeededRandom } from './support/seeded-random.ts';
import { sampleCorpusTokenLength } from './support/corpus-token-lengths.ts';

function randomRun(seed: number, ordering: BatchOrdering) {
  const random = new SeededRandom(seed);
  const maxBatchTexts = random.int(1, 40);
  const maxBatchTokens = random.int(16, 2048);
  const maxPaddingRatio = random.next() < 0.3 ? 1 + random.next() : undefined;
  const assembler = new BatchAssembler({
    maxBatchTexts,
    maxBatchTokens,
    maxWaitMs: random.int(0, 5),
    ordering,
    ...(maxPaddingRatio === undefined ? {} : { maxPaddingRatio }),
  });
  return { random, assembler, maxBatchTexts, maxBatchTokens, maxPaddingRatio };
}

describe('batch budget', () => {
  for (const ordering of ['length', 'fifo'] as const) {
    it(`no '${ordering}' batch exceeds maxBatchTexts or maxBatchTokens, except a lone over-long text`, () => {
      for (let seed = 1; seed <= 40; seed++) {
        const { random, assembler, maxBatchTexts, maxBatchTokens, maxPaddingRatio } = randomRun(
          seed,
          ordering,
        );
        const released = new Set<string>();
        let created = 0;
        let now = 0;
        for (let step = 0; step < 150; step++) {
          const arrivals: PendingText[] = [];
          for (let i = random.int(0, 12); i > 0; i--) {
            const tokens = random.next() < 0.1 ? random.int(1, 4096) : sampleCorpusTokenLength(random);
            const priority = random.next() < 0.5 ? undefined : random.int(0, 3);
            const deadline = random.next() < 0.2 ? now + random.int(0, 20) : undefined;
            arrivals.push({ key: `t${created++}`, tokens, enqueuedAt: now, priority, deadline });
          }
          assembler.add(arrivals);
          const result = assembler.next(now, { drain: random.next() < 0.2 });
          for (const item of [...result.batch, ...result.expired]) {
            assert.ok(!released.has(item.key), `${item.key} released twice`);
            released.add(item.key);
          }
          for (const item of result.expired) assert.ok(item.deadline !== undefined && item.deadline <= now);
          if (result.status !== 'ready') {
            if (result.status === 'waiting') now += result.waitMs;
            continue;
          }
          const longest = Math.max(...result.batch.map((item) => item.tokens));
          const real = result.batch.reduce((sum, item) => sum + item.tokens, 0);
          const padded = result.batch.length * longest;
          const context = `seed ${seed}: ${result.batch.length} texts, longest ${longest}`;
          assert.ok(result.batch.length >= 1, context);
          assert.ok(result.batch.length <= maxBatchTexts, context);
          if (result.batch.length > 1) {
            assert.ok(padded <= maxBatchTokens, context);
            if (maxPaddingRatio !== undefined) assert.ok(padded <= maxPaddingRatio * real + 1e-9, context);
          }
          for (const item of result.batch)
            assert.ok(item.deadline === undefined || item.deadline > now, context);
          now += random.int(0, 3);
        }
        while (assembler.size > 0) {
          const result = assembler.next(now, { drain: true });
          for (const item of [...result.batch, ...result.expired]) released.add(item.key);
        }
        assert.equal(released.size, created, `seed ${seed}: every text leaves exactly once`);
      }
    });
  }

  it('runs a text longer than maxBatchTokens alone, at once', () => {
    const assembler = new BatchAssembler({
      maxBatchTexts: 8,
      maxBatchTokens: 256,
      maxWaitMs: 5,
      ordering: 'length',
    });
    assembler.add([
      { key: 'long', tokens: 400, enqueuedAt: 0 },
      { key: 'short', tokens: 10, enqueuedAt: 1 },
    ]);
    const result = assembler.next(1);
    assert.equal(result.status, 'ready');
    assert.deepEqual(
      result.batch.map((item) => item.key),
      ['long'],
    );
    assert.equal(result.status === 'ready' && result.reason, 'full');
  });
});
