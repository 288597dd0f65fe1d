import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { latencySummary, nearestRankPercentile } from '../src/index.ts';

describe('latency summary', () => {
  it('reports nearest-rank percentiles: always an observed latency', () => {
    assert.deepEqual(latencySummary([5, 1, 4, 2, 3]), {
      calls: 5,
      meanMs: 3,
      p50Ms: 3,
      p90Ms: 5,
      p99Ms: 5,
      maxMs: 5,
    });
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.deepEqual(
      [0.5, 0.9, 0.99, 1].map((q) => nearestRankPercentile(hundred, q)),
      [50, 90, 99, 100],
    );
  });

  it('is null without samples', () => {
    assert.equal(latencySummary([]), null);
  });
});
