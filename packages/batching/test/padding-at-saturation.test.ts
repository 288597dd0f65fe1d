import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BatchOrdering } from '../src/index.ts';
import { SeededRandom } from './support/seeded-random.ts';
import { sampleCorpusTokenLength } from './support/corpus-token-lengths.ts';
import { simulateSaturation } from './support/saturation-simulation.ts';

function paddingAtSaturation(ordering: BatchOrdering, poolSize: number, maxPaddingRatio?: number) {
  const random = new SeededRandom(11);
  return simulateSaturation({
    config: {
      maxBatchTexts: 32,
      maxBatchTokens: 512,
      maxWaitMs: 3,
      ordering,
      ...(maxPaddingRatio === undefined ? {} : { maxPaddingRatio }),
    },
    poolSize,
    texts: 6_000,
    sampleTokens: () => sampleCorpusTokenLength(random),
  });
}

// Measured with these seeds (6,000 texts, corpus lengths p50 33 / p90 83 / p99 227, budget 32 texts / 512
// padded tokens): pool 256: length 1.035, fifo 1.789; pool 64: length 1.116; pool 32: length 1.213, fifo 1.789;
// pool 32 with maxPaddingRatio 1.2: 1.123 at 6.4 texts per batch instead of 8.5. Bounds leave room for seed noise.
describe('padding at saturation', () => {
  it('keeps padded/real at or below 1.15 with 256 pending texts, far below arrival order', () => {
    const length = paddingAtSaturation('length', 256);
    const fifo = paddingAtSaturation('fifo', 256);
    assert.ok(length.padding.ratio <= 1.15, `length ordering pads ${length.padding.ratio}`);
    assert.ok(fifo.padding.ratio >= 1.6, `fifo pads ${fifo.padding.ratio}`);
    assert.ok(length.meanBatchTexts > fifo.meanBatchTexts, 'less padding leaves room for more texts');
  });

  it('still beats arrival order clearly with only 32 pending texts', () => {
    const length = paddingAtSaturation('length', 32);
    const fifo = paddingAtSaturation('fifo', 32);
    assert.ok(length.padding.ratio <= 1.3, `length ordering pads ${length.padding.ratio}`);
    assert.ok(
      length.padding.ratio < fifo.padding.ratio - 0.4,
      `${length.padding.ratio} vs ${fifo.padding.ratio}`,
    );
  });

  it('trades batch size for padding with maxPaddingRatio when the pool is small', () => {
    const unlimited = paddingAtSaturation('length', 32);
    const limited = paddingAtSaturation('length', 32, 1.2);
    assert.ok(limited.padding.ratio <= 1.2, `limited pads ${limited.padding.ratio}`);
    assert.ok(limited.padding.ratio < unlimited.padding.ratio);
    assert.ok(limited.meanBatchTexts < unlimited.meanBatchTexts);
  });
});
