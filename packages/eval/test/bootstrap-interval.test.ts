import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapInterval, bootstrapSteps, pairedBootstrapDifference, SeededRandom } from '../src/index.ts';

const mean = (sample: readonly number[]) => sample.reduce((sum, x) => sum + x, 0) / sample.length;

/** 400 draws from a normal with mean 10 and standard deviation 2, fixed by the seed. */
const fixedSample = (() => {
  const random = new SeededRandom(42);
  return Array.from({ length: 400 }, () => 10 + 2 * random.normal());
})();

/** Items a model got right (1) or wrong (0), `correct` of `count` spread evenly. */
const outcomes = (count: number, correct: number, offset = 0) =>
  Array.from({ length: count }, (_, i) => (((i + offset) * correct) % count < correct ? 1 : 0));

describe('bootstrap interval', () => {
  it('gives the same interval for the same seed, and another for another seed', () => {
    const first = bootstrapInterval(fixedSample, mean, { seed: 3 });
    const again = bootstrapInterval(fixedSample, mean, { seed: 3 });
    const other = bootstrapInterval(fixedSample, mean, { seed: 4 });
    assert.deepEqual(again, first);
    assert.notDeepEqual(other, first);
  });

  it('reports the statistic on the whole sample, inside the interval, with its settings', () => {
    const interval = bootstrapInterval(fixedSample, mean, { resamples: 500, level: 0.9 });
    assert.equal(interval.estimate, mean(fixedSample));
    assert.ok(
      interval.low < interval.estimate && interval.estimate < interval.high,
      JSON.stringify(interval),
    );
    assert.equal(interval.level, 0.9);
    assert.equal(interval.resamples, 500);
  });

  it('is close to the normal approximation for the mean of a fixed sample', () => {
    const interval = bootstrapInterval(fixedSample, mean, { resamples: 4000 });
    const m = mean(fixedSample);
    const sd = Math.sqrt(fixedSample.reduce((sum, x) => sum + (x - m) ** 2, 0) / fixedSample.length);
    const halfWidth = (1.959964 * sd) / Math.sqrt(fixedSample.length);
    // The percentile bootstrap of a mean converges to mean ± z·sd/√n; with 4,000 resamples its bounds are within a
    // few percent of that half-width.
    assert.ok(
      Math.abs(interval.low - (m - halfWidth)) < 0.1 * halfWidth,
      `${interval.low} vs ${m - halfWidth}`,
    );
    assert.ok(
      Math.abs(interval.high - (m + halfWidth)) < 0.1 * halfWidth,
      `${interval.high} vs ${m + halfWidth}`,
    );
  });

  it('can be stepped one resample at a time, to the same interval', () => {
    const steps = bootstrapSteps(fixedSample, mean, { resamples: 50, seed: 8 });
    const yielded: number[] = [];
    for (;;) {
      const next = steps.next();
      if (next.done) {
        assert.deepEqual(next.value, bootstrapInterval(fixedSample, mean, { resamples: 50, seed: 8 }));
        break;
      }
      yielded.push(next.value);
    }
    assert.deepEqual(
      yielded,
      Array.from({ length: 50 }, (_, r) => r + 1),
    );
  });

  it('narrows as the level falls', () => {
    const wide = bootstrapInterval(fixedSample, mean, { level: 0.99 });
    const narrow = bootstrapInterval(fixedSample, mean, { level: 0.5 });
    assert.ok(wide.high - wide.low > narrow.high - narrow.low);
  });

  it('refuses an empty sample and meaningless settings', () => {
    assert.throws(() => bootstrapInterval([], mean), RangeError);
    assert.throws(() => bootstrapInterval(fixedSample, mean, { resamples: 0 }), RangeError);
    assert.throws(() => bootstrapInterval(fixedSample, mean, { level: 1 }), RangeError);
  });
});

describe('paired bootstrap difference', () => {
  // Each item carries both models' outcomes, so a resample keeps them paired.
  type Pair = { a: number; b: number };
  const accuracyOf = (key: keyof Pair) => (sample: readonly Pair[]) =>
    sample.reduce((sum, pair) => sum + pair[key], 0) / sample.length;

  it('excludes 0 when one model is clearly better', () => {
    const a = outcomes(500, 450);
    const b = outcomes(500, 350, 1);
    const pairs = a.map((value, i) => ({ a: value, b: b[i]! }));
    const difference = pairedBootstrapDifference(pairs, accuracyOf('a'), accuracyOf('b'));
    assert.ok(Math.abs(difference.estimate - 0.2) < 1e-12, String(difference.estimate));
    assert.ok(difference.low > 0, JSON.stringify(difference));
    assert.equal(difference.excludesZero, true);
  });

  it('does not exclude 0 for identical models', () => {
    const pairs = outcomes(500, 400).map((value) => ({ a: value, b: value }));
    const difference = pairedBootstrapDifference(pairs, accuracyOf('a'), accuracyOf('b'));
    assert.equal(difference.estimate, 0);
    assert.equal(difference.excludesZero, false);
  });

  it('does not exclude 0 for models that differ on a few items either way', () => {
    const a = outcomes(500, 400);
    // 10 items right for a only, 15 right for b only: a difference of 0.01 on 25 discordant items, noise.
    const flipped = (i: number) => i % 50 === 0 || i % 50 === 1 || i % 100 === 6;
    const b = a.map((value, i) => (flipped(i) ? 1 - value : value));
    const pairs = a.map((value, i) => ({ a: value, b: b[i]! }));
    const difference = pairedBootstrapDifference(pairs, accuracyOf('a'), accuracyOf('b'));
    assert.ok(difference.low < 0 && difference.high > 0, JSON.stringify(difference));
    assert.equal(difference.excludesZero, false);
  });
});
