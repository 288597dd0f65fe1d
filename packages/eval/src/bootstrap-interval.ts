import { SeededRandom } from './seeded-random.ts';

export interface ConfidenceInterval {
  /** The statistic on the whole sample. */
  estimate: number;
  low: number;
  high: number;
  /** e.g. 0.95 */
  level: number;
  resamples: number;
}

export interface BootstrapOptions {
  /** Default 1000. */
  resamples?: number;
  /** Default 0.95. */
  level?: number;
  /** Default 1. */
  seed?: number;
}

/**
 * Percentile bootstrap: `resamples` samples drawn with replacement from `items` (same size), the statistic on each,
 * the (1-level)/2 and 1-(1-level)/2 percentiles. Seeded: the same inputs give the same interval.
 */
export function bootstrapInterval<T>(
  items: readonly T[],
  statistic: (sample: readonly T[]) => number,
  options: BootstrapOptions = {},
): ConfidenceInterval {
  const steps = bootstrapSteps(items, statistic, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * `bootstrapInterval` one resample at a time, yielding the number of resamples done after each: a caller on a
 * serving event loop (the head trainer) gives the loop a turn between them, since 1,000 resamples of 10,000 items
 * take about a second.
 */
export function* bootstrapSteps<T>(
  items: readonly T[],
  statistic: (sample: readonly T[]) => number,
  options: BootstrapOptions = {},
): Generator<number, ConfidenceInterval, void> {
  const { resamples, level, seed } = settingsOf(items, options);
  const random = new SeededRandom(seed);
  const values = new Float64Array(resamples);
  const sample = new Array<T>(items.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < items.length; i++) sample[i] = items[random.int(items.length)]!;
    values[r] = statistic(sample);
    yield r + 1;
  }
  return { estimate: statistic(items), ...percentileBounds(values, level), level, resamples };
}

/**
 * Paired bootstrap for two models scored on the same items: the interval of statistic(a) - statistic(b) over shared
 * resamples, and whether it excludes 0 (the "significance note" of the eval comparison).
 */
export function pairedBootstrapDifference<T>(
  items: readonly T[],
  statisticA: (sample: readonly T[]) => number,
  statisticB: (sample: readonly T[]) => number,
  options: BootstrapOptions = {},
): ConfidenceInterval & { excludesZero: boolean } {
  // Both statistics see the same resample each time: what the two models share (hard items, easy items) cancels
  // in the difference, so the interval is narrower than two separate intervals would suggest.
  const interval = bootstrapInterval(items, (sample) => statisticA(sample) - statisticB(sample), options);
  return { ...interval, excludesZero: interval.low > 0 || interval.high < 0 };
}

function settingsOf(items: readonly unknown[], options: BootstrapOptions): Required<BootstrapOptions> {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  const seed = options.seed ?? 1;
  if (items.length === 0) throw new RangeError('a bootstrap interval needs at least one item');
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`resamples must be a positive integer, not ${resamples}`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`level must lie between 0 and 1, not ${level}`);
  return { resamples, level, seed };
}

/** The two percentiles, linearly interpolated between order statistics (NumPy's default). */
function percentileBounds(values: Float64Array, level: number): { low: number; high: number } {
  values.sort();
  const tail = (1 - level) / 2;
  return { low: percentile(values, tail), high: percentile(values, 1 - tail) };
}

function percentile(sorted: Float64Array, fraction: number): number {
  const position = fraction * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const weight = position - below;
  return sorted[below]! * (1 - weight) + sorted[above]! * weight;
}
