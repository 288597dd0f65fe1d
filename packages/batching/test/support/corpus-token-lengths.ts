import type { SeededRandom } from './seeded-random.ts';

// Token lengths of the realistic corpus: p50 33, p90 83, p99 227, max 512. One log-normal cannot hit all three
// (sigma 0.72 from p50/p90, 0.83 from p50/p99: the tail is heavier), so the log-length is piecewise linear in
// the normal quantile: slope 0.720 up to p90, 0.963 beyond, which reproduces the three quantiles exactly.
const P90_Z = 1.2816;
const LOG_P50 = Math.log(33);
const LOG_P90 = Math.log(83);
const BODY_SIGMA = (LOG_P90 - LOG_P50) / P90_Z;
const TAIL_SIGMA = (Math.log(227) - LOG_P90) / (2.3263 - P90_Z);

/** One token length from the corpus distribution, clipped to [3, 512] like the tokenizer's real range. */
export function sampleCorpusTokenLength(random: SeededRandom): number {
  const z = random.normal();
  const logLength = z <= P90_Z ? LOG_P50 + z * BODY_SIGMA : LOG_P90 + (z - P90_Z) * TAIL_SIGMA;
  return Math.min(512, Math.max(3, Math.round(Math.exp(logLength))));
}
