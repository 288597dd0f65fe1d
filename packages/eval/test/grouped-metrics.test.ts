import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { groupedMetrics, type GroupedPrediction } from '../src/index.ts';

const p = (group: string, gold: string, predicted: string): GroupedPrediction => ({
  group,
  gold,
  predicted,
  confidence: 0.6,
});

describe('grouped metrics', () => {
  const predictions = [
    p('ar', 'pos', 'pos'),
    p('ar', 'neg', 'pos'),
    p('en', 'neg', 'neg'),
    p('en', 'pos', 'pos'),
  ];

  it('computes each group over its own items, on the shared label set', () => {
    const groups = groupedMetrics(predictions, ['pos', 'neg'], ['ar', 'en']);
    assert.deepEqual(
      groups.map((g) => [g.group, g.metrics.count, g.metrics.accuracy]),
      [
        ['ar', 2, 0.5],
        ['en', 2, 1],
      ],
    );
    // ar: pos P 1/2 R 1 F1 2/3; neg P 0 R 0 F1 0 -> macro 1/3
    assert.ok(Math.abs(groups[0]!.metrics.macroF1! - 1 / 3) < 1e-12);
    assert.deepEqual(groups[1]!.metrics.confusion.labels, ['pos', 'neg']);
  });

  it('keeps a listed group with no evaluated items as an empty group with null ratios', () => {
    const groups = groupedMetrics(predictions, ['pos', 'neg'], ['ar', 'de', 'en']);
    const de = groups.find((g) => g.group === 'de')!;
    assert.equal(de.metrics.count, 0);
    assert.equal(de.metrics.accuracy, null);
    assert.equal(de.metrics.macroF1, null);
    assert.deepEqual(
      groups.map((g) => g.group),
      ['ar', 'de', 'en'],
    );
  });

  it('adds groups met in the predictions but not listed, after the listed ones', () => {
    const groups = groupedMetrics(predictions, ['pos', 'neg'], ['en']);
    assert.deepEqual(
      groups.map((g) => g.group),
      ['en', 'ar'],
    );
  });
});
