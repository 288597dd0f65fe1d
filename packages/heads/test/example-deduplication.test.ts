import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '@sieve/eval';
import { deduplicateExamples, normalizedText, splitHeadExamples, trainHead } from '../src/index.ts';

describe('normalized text', () => {
  it('folds case, collapses and trims whitespace, and applies NFKC', () => {
    assert.equal(normalizedText('  WINNER!!\tClaim\n\n your  PRIZE '), 'winner!! claim your prize');
    // Full-width letters and the fi ligature are compatibility forms of plain letters.
    assert.equal(normalizedText('ＦＲＥＥ ﬁve'), 'free five');
    // A precomposed é and e + combining acute are the same text.
    assert.equal(normalizedText('caf\u00e9'), normalizedText('cafe\u0301'));
    // A no-break space is whitespace like any other.
    assert.equal(normalizedText('see\u00a0you'), 'see you');
  });

  it('keeps texts apart that differ in more than that', () => {
    assert.notEqual(normalizedText('see you at 6'), normalizedText('see you at 7'));
    assert.notEqual(normalizedText('free!'), normalizedText('free'));
  });
});

describe('example deduplication', () => {
  it('keeps the first of each text and counts exact and normalized duplicates', () => {
    const texts = ['Hello there', 'hello  there', 'Hello there', 'Call now', 'other'];
    const { indices, labels, report } = deduplicateExamples(texts, [0, 0, 0, 1, 0]);
    assert.deepEqual(indices, [0, 3, 4]);
    assert.deepEqual(labels, [0, 1, 0]);
    assert.deepEqual(report, {
      received: 5,
      duplicates: 2,
      exactDuplicates: 1,
      conflicts: 0,
      conflictsDropped: 0,
    });
  });

  it('resolves a conflicting text by its majority label and drops a tie', () => {
    const texts = ['Win cash', 'win cash', 'WIN CASH', 'ok', 'OK', 'fine'];
    const { indices, labels, report } = deduplicateExamples(texts, [1, 0, 1, 0, 1, 0]);
    assert.deepEqual(indices, [0, 5], '"ok" is labelled 0 once and 1 once: dropped');
    assert.deepEqual(labels, [1, 0], '"win cash": two 1s against one 0');
    assert.equal(report.conflicts, 2);
    assert.equal(report.conflictsDropped, 1);
    assert.equal(report.duplicates, 3);
  });
});

describe("the head trainer's split", () => {
  // 300 distinct texts, each repeated up to four times in altered case and spacing: the kind of repeats that put
  // the same message in training and in the held-out part when the split ignores texts.
  const random = new SeededRandom(9);
  const texts: string[] = [];
  const labels: number[] = [];
  for (let t = 0; t < 300; t++) {
    const label = t % 5 === 0 ? 1 : 0;
    const copies = 1 + random.int(4);
    for (let c = 0; c < copies; c++) {
      const base = `message ${t} about ${label === 1 ? 'a prize' : 'dinner'}`;
      texts.push(c % 2 === 0 ? base : `  ${base.toUpperCase().replace(/ /g, '   ')}\n`);
      labels.push(label);
    }
  }

  it('puts no normalized text in two parts', () => {
    const split = splitHeadExamples(
      labels,
      { texts, holdoutFraction: 0.2, validationFraction: 0.15 },
      new SeededRandom(1),
    );
    const partOf = new Map<string, string>();
    for (const [part, indices] of Object.entries({
      train: split.train,
      validation: split.validation,
      holdout: split.holdout,
    })) {
      for (const n of indices) {
        const text = normalizedText(texts[n]!);
        assert.ok(!partOf.has(text), `"${text}" is in ${partOf.get(text)} and ${part}`);
        partOf.set(text, part);
      }
    }
    assert.equal(partOf.size, 300, 'every distinct text is in one part');
    assert.equal(split.deduplication!.duplicates, texts.length - 300);
  });

  it('without texts splits every example, as before, and so spreads copies over the parts', () => {
    const split = splitHeadExamples(
      labels,
      { holdoutFraction: 0.2, validationFraction: 0.15 },
      new SeededRandom(1),
    );
    assert.equal(split.deduplication, undefined);
    const trained = new Set(split.train.map((n) => normalizedText(texts[n]!)));
    const leaked = split.holdout.filter((n) => trained.has(normalizedText(texts[n]!)));
    assert.ok(leaked.length > 0, 'some held-out text is also trained on');
  });

  it('reports the duplicates and the held-out intervals in the metrics', () => {
    const features = texts.map((text) => {
      const t = Number(/\d+/.exec(text)![0]);
      // Overlapping classes, so that the held-out figures are not all 1 and the intervals have a width.
      return [(t % 5 === 0 ? 1 : -1) + 1.5 * Math.sin(7 * t), Math.sin(t), Math.cos(t)];
    });
    const { metrics } = trainHead(features, labels, { labels: ['ham', 'spam'], texts });
    assert.deepEqual(metrics.deduplication, {
      received: texts.length,
      duplicates: texts.length - 300,
      exactDuplicates: metrics.deduplication!.exactDuplicates,
      conflicts: 0,
      conflictsDropped: 0,
    });
    assert.ok(metrics.deduplication!.exactDuplicates > 0);
    assert.equal(metrics.examples, 300);
    assert.equal(metrics.trainCount + metrics.validationCount + metrics.holdoutCount, 300);
    for (const [interval, estimate] of [
      [metrics.holdout.accuracyInterval!, metrics.holdout.accuracy],
      [metrics.holdout.macroF1Interval!, metrics.holdout.macroF1],
    ] as const) {
      assert.equal(interval.estimate, estimate);
      assert.ok(interval.low <= estimate && estimate <= interval.high, JSON.stringify(interval));
      assert.ok(interval.high > interval.low, JSON.stringify(interval));
      assert.equal(interval.level, 0.95);
    }
  });

  it('says so when duplicates leave a label too few texts to hold one out', () => {
    assert.throws(
      () =>
        trainHead([[1], [2], [3], [4], [5]], [0, 0, 1, 1, 1], {
          labels: ['a', 'b'],
          texts: ['x', 'X', 'spam', 'SPAM', ' spam '],
        }),
      /too few distinct examples/,
    );
  });

  it('refuses texts that do not match the features', () => {
    assert.throws(
      () => trainHead([[1], [2]], [0, 1], { labels: ['a', 'b'], texts: ['only one'] }),
      /2 feature rows but 1 texts/,
    );
  });
});
