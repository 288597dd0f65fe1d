/** One equal-width confidence bin of a reliability diagram: [lower, upper), the last bin closed at 1. */
export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  /** Share of the bin's predictions that were right; null for an empty bin. */
  accuracy: number | null;
  meanConfidence: number | null;
}

export interface Calibration {
  /**
   * Expected calibration error: the count-weighted mean over bins of |accuracy - mean confidence|. 0 is a model
   * whose "90 % sure" is right 90 % of the time. Null when there is nothing to measure.
   */
  ece: number | null;
  bins: CalibrationBin[];
}

export interface ConfidenceOutcome {
  /** The probability the model gave its top label. */
  confidence: number;
  correct: boolean;
}

/**
 * ECE over `binCount` equal-width bins of the top label's probability (Guo et al., 2017). Equal width rather than
 * equal mass because the bins are also drawn as a reliability diagram, where a fixed axis reads better.
 */
export function calibrationError(outcomes: Iterable<ConfidenceOutcome>, binCount = 10): Calibration {
  if (!Number.isInteger(binCount) || binCount < 1)
    throw new RangeError(`binCount must be >= 1, got ${binCount}`);
  const counts = new Array<number>(binCount).fill(0);
  const correct = new Array<number>(binCount).fill(0);
  const confidence = new Array<number>(binCount).fill(0);
  let total = 0;
  for (const outcome of outcomes) {
    // Clamped: a probability of exactly 1 belongs in the last bin, and float noise must not leave the range.
    const bin = Math.min(binCount - 1, Math.max(0, Math.floor(outcome.confidence * binCount)));
    counts[bin]! += 1;
    confidence[bin]! += outcome.confidence;
    if (outcome.correct) correct[bin]! += 1;
    total += 1;
  }
  let ece = 0;
  const bins = counts.map((count, i): CalibrationBin => {
    const lower = i / binCount;
    const upper = (i + 1) / binCount;
    if (count === 0) return { lower, upper, count, accuracy: null, meanConfidence: null };
    const accuracy = correct[i]! / count;
    const meanConfidence = confidence[i]! / count;
    ece += (count / total) * Math.abs(accuracy - meanConfidence);
    return { lower, upper, count, accuracy, meanConfidence };
  });
  return { ece: total === 0 ? null : ece, bins };
}
