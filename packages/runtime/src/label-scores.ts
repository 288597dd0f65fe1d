export interface LabelScore {
  label: string;
  score: number;
}

export interface ScoreOptions {
  /** Best k labels only; 0 or undefined for all. */
  topK?: number;
  /** Logits instead of probabilities. */
  rawScores?: boolean;
}

/**
 * Turns one row of logits into labels sorted best first: softmax over the labels (max-subtracted, so large logits
 * do not overflow), or sigmoid for a single-logit model, as transformers' text-classification pipeline does.
 */
export function scoreLogits(
  row: ArrayLike<number>,
  labels: readonly string[],
  options: ScoreOptions = {},
): LabelScore[] {
  const n = labels.length;
  const scores = new Array<number>(n);
  if (options.rawScores) {
    for (let i = 0; i < n; i++) scores[i] = row[i]!;
  } else if (n === 1) {
    scores[0] = 1 / (1 + Math.exp(-row[0]!));
  } else {
    let max = -Infinity;
    for (let i = 0; i < n; i++) max = Math.max(max, row[i]!);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += scores[i] = Math.exp(row[i]! - max);
    for (let i = 0; i < n; i++) scores[i] = scores[i]! / sum;
  }
  const ranked = labels.map((label, i) => ({ label, score: scores[i]! }));
  ranked.sort((a, b) => b.score - a.score);
  return options.topK ? ranked.slice(0, options.topK) : ranked;
}
