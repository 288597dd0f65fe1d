import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { calibrationError } from '../src/index.ts';

const close = (actual: number | null, expected: number) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${actual} != ${expected}`);

describe('expected calibration error', () => {
  it('is the count-weighted mean gap between accuracy and confidence per bin, worked by hand', () => {
    // bin 0.9-1.0: 2 items, both right, mean confidence 0.95 -> gap 0.05, weight 2/5
    // bin 0.8-0.9: 1 item, wrong, 0.85                        -> gap 0.85, weight 1/5
    // bin 0.5-0.6: 2 items, one right, 0.55                   -> gap 0.05, weight 2/5
    // ECE = 0.02 + 0.17 + 0.02 = 0.21
    const calibration = calibrationError([
      { confidence: 0.95, correct: true },
      { confidence: 0.95, correct: true },
      { confidence: 0.85, correct: false },
      { confidence: 0.55, correct: true },
      { confidence: 0.55, correct: false },
    ]);
    close(calibration.ece, 0.21);
    assert.equal(calibration.bins.length, 10);
    assert.deepEqual(
      calibration.bins.map((b) => b.count),
      [0, 0, 0, 0, 0, 2, 0, 0, 1, 2],
    );
    const top = calibration.bins[9]!;
    assert.equal(top.accuracy, 1);
    close(top.meanConfidence, 0.95);
    assert.equal(calibration.bins[0]!.accuracy, null);
  });

  it('puts a probability of exactly 1 in the last bin and 0 in the first', () => {
    const calibration = calibrationError(
      [
        { confidence: 1, correct: true },
        { confidence: 0, correct: false },
      ],
      4,
    );
    assert.deepEqual(
      calibration.bins.map((b) => b.count),
      [1, 0, 0, 1],
    );
    assert.equal(calibration.ece, 0);
  });

  it('is 0 for a perfectly calibrated model and null with nothing to measure', () => {
    const outcomes = [true, true, true, false].map((correct) => ({ confidence: 0.75, correct }));
    assert.equal(calibrationError(outcomes).ece, 0);
    assert.equal(calibrationError([]).ece, null);
    assert.throws(() => calibrationError([], 0), RangeError);
  });
});
