export interface LatencySummary {
  calls: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The q-quantile by nearest rank: always a latency that was observed, never an interpolation between two. */
export function nearestRankPercentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('no samples');
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export function latencySummary(samplesMs: readonly number[]): LatencySummary | null {
  if (samplesMs.length === 0) return null;
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    calls: sorted.length,
    meanMs: sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length,
    p50Ms: nearestRankPercentile(sorted, 0.5),
    p90Ms: nearestRankPercentile(sorted, 0.9),
    p99Ms: nearestRankPercentile(sorted, 0.99),
    maxMs: sorted[sorted.length - 1]!,
  };
}
