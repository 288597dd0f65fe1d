import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classificationMetrics, confusionMatrix, type ScoredPrediction } from '../src/index.ts';

const p = (gold: string, predicted: string, confidence = 0.5): ScoredPrediction => ({
  gold,
  predicted,
  confidence,
});

// Six items over labels a, b, c; c is never predicted. Worked by hand:
//   gold a: a a b   gold b: b a   gold c: a
//   a: TP 2, 4 predicted, 3 gold -> P 1/2, R 2/3, F1 4/7
//   b: TP 1, 2 predicted, 2 gold -> P 1/2, R 1/2, F1 1/2
//   c: TP 0, 0 predicted, 1 gold -> P 0 (nothing to divide by), R 0, F1 0
//   accuracy 3/6, macro-F1 (4/7 + 1/2 + 0) / 3 = 5/14
const mixed = [p('a', 'a'), p('a', 'a'), p('a', 'b'), p('b', 'b'), p('b', 'a'), p('c', 'a')];

const close = (actual: number | null, expected: number) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${actual} != ${expected}`);

describe('classification metrics', () => {
  it('counts gold rows against predicted columns in the given label order', () => {
    assert.deepEqual(confusionMatrix(mixed, ['a', 'b', 'c']), {
      labels: ['a', 'b', 'c'],
      counts: [
        [2, 1, 0],
        [1, 1, 0],
        [1, 0, 0],
      ],
    });
  });

  it('computes per-label precision, recall and F1, accuracy and macro-F1 by hand', () => {
    const m = classificationMetrics(mixed, ['a', 'b', 'c']);
    assert.equal(m.count, 6);
    assert.equal(m.correct, 3);
    assert.equal(m.accuracy, 0.5);
    const [a, b, c] = m.perLabel;
    assert.deepEqual(
      { ...a, f1: undefined },
      { label: 'a', precision: 0.5, recall: 2 / 3, f1: undefined, support: 3, predicted: 4 },
    );
    close(a!.f1, 4 / 7);
    assert.deepEqual(b, { label: 'b', precision: 0.5, recall: 0.5, f1: 0.5, support: 2, predicted: 2 });
    assert.deepEqual(c, { label: 'c', precision: 0, recall: 0, f1: 0, support: 1, predicted: 0 });
    close(m.macroF1, 5 / 14);
  });

  it('leaves a label that is neither gold nor predicted out of macro-F1, but keeps its row', () => {
    const m = classificationMetrics(mixed, ['a', 'b', 'c', 'unused']);
    close(m.macroF1, 5 / 14);
    assert.deepEqual(m.perLabel[3], {
      label: 'unused',
      precision: 0,
      recall: 0,
      f1: 0,
      support: 0,
      predicted: 0,
    });
    assert.deepEqual(m.confusion.counts[3], [0, 0, 0, 0]);
  });

  it('counts a predicted label that only the model has (e.g. neutral on spam data) against macro-F1', () => {
    // gold x x, predicted x y: x P 1 R 1/2 F1 2/3; y P 0 R 0 F1 0 -> macro 1/3
    const m = classificationMetrics([p('x', 'x'), p('x', 'y')], ['x']);
    assert.deepEqual(m.confusion.labels, ['x', 'y']);
    close(m.macroF1, 1 / 3);
  });

  it('scores all-correct predictions as 1 everywhere', () => {
    const m = classificationMetrics([p('a', 'a', 0.9), p('b', 'b', 0.9), p('b', 'b', 0.9)], ['a', 'b']);
    assert.equal(m.accuracy, 1);
    assert.equal(m.macroF1, 1);
    for (const l of m.perLabel) assert.deepEqual([l.precision, l.recall, l.f1], [1, 1, 1]);
  });

  it('reports no items as null ratios rather than zeros, with an all-zero matrix', () => {
    const m = classificationMetrics([], ['a', 'b']);
    assert.equal(m.count, 0);
    assert.equal(m.accuracy, null);
    assert.equal(m.macroF1, null);
    assert.equal(m.calibration.ece, null);
    assert.deepEqual(m.confusion.counts, [
      [0, 0],
      [0, 0],
    ]);
  });

  it('appends labels missing from the label list so that the matrix total is always the item count', () => {
    const m = classificationMetrics([p('a', 'z'), p('q', 'a'), p('a', 'a')], ['a']);
    assert.deepEqual(m.confusion.labels, ['a', 'z', 'q']);
    const total = m.confusion.counts.flat().reduce((sum, n) => sum + n, 0);
    assert.equal(total, 3);
  });
});
