import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchAssembler, type PendingText } from '../src/index.ts';
import { SeededRandom } from './support/seeded-random.ts';
import { sampleCorpusTokenLength } from './support/corpus-token-lengths.ts';
import { text } from './support/pending-text-factory.ts';

describe('latency bound', () => {
  it('puts an outlier length in the very next batch despite a stream of texts that would group better', () => {
    const assembler = new BatchAssembler({
      maxBatchTexts: 16,
      maxBatchTokens: 512,
      maxWaitMs: 3,
      ordering: 'length',
    });
    assembler.add([text('outlier', 200, 0)]);
    assembler.add(Array.from({ length: 64 }, (_, i) => text(`short${i}`, 12, 1)));
    const released = assembler.next(1);
    assert.ok(released.batch.some((item) => item.key === 'outlier'));
  });

  it('always includes the oldest text of the best priority class present, under a random continuous stream', () => {
    const random = new SeededRandom(99);
    const assembler = new BatchAssembler({
      maxBatchTexts: 32,
      maxBatchTokens: 512,
      maxWaitMs: 3,
      ordering: 'length',
    });
    let now = 0;
    let created = 0;
    let batches = 0;
    // Mirrors the pool (insertion order = arrival order) so the test can name the oldest text itself.
    const pending = new Map<string, PendingText>();
    while (batches < 1000) {
      const arrivals: PendingText[] = [];
      for (let i = random.int(0, 20); i > 0; i--) {
        arrivals.push(
          text(`t${created++}`, sampleCorpusTokenLength(random), now, { priority: random.int(0, 2) }),
        );
      }
      assembler.add(arrivals);
      for (const item of arrivals) pending.set(item.key, item);
      const result = assembler.next(now);
      if (result.status === 'ready') {
        batches += 1;
        const bestPriority = Math.min(...[...pending.values()].map((item) => item.priority!));
        const oldestOfBest = [...pending.values()]
          .filter((item) => item.priority === bestPriority)
          .reduce((oldest, item) => (item.enqueuedAt < oldest.enqueuedAt ? item : oldest));
        assert.ok(result.batch.includes(oldestOfBest), `batch ${batches} left out ${oldestOfBest.key}`);
        for (const item of result.batch) pending.delete(item.key);
      }
      now += result.status === 'waiting' ? result.waitMs : 1;
    }
  });
});
