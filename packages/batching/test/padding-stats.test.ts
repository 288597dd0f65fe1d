import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PaddingTally, paddingRatio, paddingStats } from '../src/index.ts';

const batch = (...lengths: number[]) => lengths.map((tokens) => ({ tokens }));

describe('padding stats', () => {
  it('counts real tokens, padded tokens (texts x longest) and their ratio', () => {
    assert.deepEqual(paddingStats(batch(10, 30, 20)), {
      texts: 3,
      realTokens: 60,
      paddedTokens: 90,
      ratio: 1.5,
    });
    assert.equal(paddingRatio(batch(64, 64)), 1);
  });

  it('reports an empty batch as wasting nothing', () => {
    assert.deepEqual(paddingStats([]), { texts: 0, realTokens: 0, paddedTokens: 0, ratio: 1 });
  });

  it('weights batches by their tokens when tallying, not by count', () => {
    const tally = new PaddingTally();
    tally.add(batch(1, 3));
    tally.add(batch(100, 100));
    tally.add([]);
    assert.equal(tally.batches, 2);
    assert.deepEqual(tally.stats, { texts: 4, realTokens: 204, paddedTokens: 206, ratio: 206 / 204 });
  });
});
