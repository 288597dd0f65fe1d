import { calibrationError, type Calibration } from './calibration-error.ts';

/** One evaluated item: the gold label (in the model's label space), the model's top label and its probability. */
export interface ScoredPrediction {
  gold: string;
  predicted: string;
  confidence: number;
}

/** counts[g][p]: items whose gold label is labels[g] and whose predicted label is labels[p]. */
export interface ConfusionMatrix {
  labels: string[];
  counts: number[][];
}

/**
 * Precision, recall and F1 of one label. A ratio with nothing to divide by (a label never predicted has no
 * precision, one never gold no recall) is 0, as scikit-learn's `zero_division=0` does; `support` and `predicted`
 * say when that happened.
 */
export interface LabelMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Items whose gold label this is. */
  support: number;
  /** Items the model gave this label. */
  predicted: number;
}

export interface ClassificationMetrics {
  count: number;
  correct: number;
  /** Null when there are no items. */
  accuracy: number | null;
  /** Unweighted mean F1 over the labels that occur as gold or predicted; null when there are no items. */
  macroF1: number | null;
  perLabel: LabelMetrics[];
  confusion: ConfusionMatrix;
  calibration: Calibration;
}

/**
 * Rows are gold labels, columns predicted ones, in `labels` order; a label met in `predictions` but missing from
 * `labels` is appended, so that the matrix always sums to the number of predictions.
 */
export function confusionMatrix(
  predictions: Iterable<ScoredPrediction>,
  labels: readonly string[],
): ConfusionMatrix {
  const order = [...new Set(labels)];
  const index = new Map(order.map((label, i) => [label, i]));
  const counts = order.map(() => order.map(() => 0));
  const indexOf = (label: string): number => {
    let i = index.get(label);
    if (i === undefined) {
      i = order.length;
      order.push(label);
      index.set(label, i);
      for (const row of counts) row.push(0);
      counts.push(order.map(() => 0));
    }
    return i;
  };
  for (const { gold, predicted } of predictions) {
    const g = indexOf(gold);
    const p = indexOf(predicted);
    counts[g]![p]! += 1;
  }
  return { labels: order, counts };
}

const ratio = (numerator: number, denominator: number) => (denominator === 0 ? 0 : numerator / denominator);

export function labelMetrics(confusion: ConfusionMatrix): LabelMetrics[] {
  const { labels, counts } = confusion;
  return labels.map((label, i) => {
    const truePositives = counts[i]![i]!;
    const support = counts[i]!.reduce((sum, n) => sum + n, 0);
    const predicted = counts.reduce((sum, row) => sum + row[i]!, 0);
    const precision = ratio(truePositives, predicted);
    const recall = ratio(truePositives, support);
    return {
      label,
      precision,
      recall,
      f1: ratio(2 * precision * recall, precision + recall),
      support,
      predicted,
    };
  });
}

/**
 * A label of the model that the data neither holds nor the model ever chose says nothing about the model on this
 * data, so it is left out of the mean (scikit-learn's default label set: gold and predicted labels together).
 */
export function macroF1(perLabel: readonly LabelMetrics[]): number | null {
  const present = perLabel.filter((l) => l.support > 0 || l.predicted > 0);
  if (present.length === 0) return null;
  return present.reduce((sum, l) => sum + l.f1, 0) / present.length;
}

export function classificationMetrics(
  predictions: readonly ScoredPrediction[],
  labels: readonly string[],
  options: { calibrationBins?: number } = {},
): ClassificationMetrics {
  const confusion = confusionMatrix(predictions, labels);
  const perLabel = labelMetrics(confusion);
  const correct = predictions.filter((p) => p.gold === p.predicted).length;
  const count = predictions.length;
  return {
    count,
    correct,
    accuracy: count === 0 ? null : correct / count,
    macroF1: macroF1(perLabel),
    perLabel,
    confusion,
    calibration: calibrationError(
      predictions.map((p) => ({ confidence: p.confidence, correct: p.gold === p.predicted })),
      options.calibrationBins,
    ),
  };
}
