/**
 * Gold and predicted labels as small integers, so that a statistic over a resample (a bootstrap draws a thousand)
 * counts in typed arrays instead of building a confusion matrix of strings each time.
 */
export class CodedPredictions {
  readonly labels: string[] = [];
  private readonly codes = new Map<string, number>();
  private readonly gold: number[] = [];
  private readonly predicted: number[] = [];

  add(gold: string, predicted: string): void {
    this.gold.push(this.codeOf(gold));
    this.predicted.push(this.codeOf(predicted));
  }

  get size(): number {
    return this.gold.length;
  }

  /** 0..size-1: the items a statistic is first computed over, and what a bootstrap resamples. */
  positions(): number[] {
    return Array.from({ length: this.gold.length }, (_, i) => i);
  }

  isCorrect(position: number): boolean {
    return this.gold[position] === this.predicted[position];
  }

  accuracyOf(positions: readonly number[]): number {
    if (positions.length === 0) return 0;
    let correct = 0;
    for (const p of positions) if (this.gold[p] === this.predicted[p]) correct += 1;
    return correct / positions.length;
  }

  /** Mean F1 over the labels that occur as gold or predicted in these positions, as classificationMetrics counts it. */
  macroF1Of(positions: readonly number[]): number {
    const n = this.labels.length;
    const truePositive = new Int32Array(n);
    const goldCount = new Int32Array(n);
    const predictedCount = new Int32Array(n);
    for (const p of positions) {
      const g = this.gold[p]!;
      const q = this.predicted[p]!;
      goldCount[g]! += 1;
      predictedCount[q]! += 1;
      if (g === q) truePositive[g]! += 1;
    }
    let sum = 0;
    let present = 0;
    for (let c = 0; c < n; c++) {
      if (goldCount[c] === 0 && predictedCount[c] === 0) continue;
      present += 1;
      // F1 = 2TP / (gold + predicted): the same as 2PR/(P+R), and 0 where either is 0.
      sum += (2 * truePositive[c]!) / (goldCount[c]! + predictedCount[c]!);
    }
    return present === 0 ? 0 : sum / present;
  }

  private codeOf(label: string): number {
    let code = this.codes.get(label);
    if (code === undefined) {
      code = this.labels.length;
      this.labels.push(label);
      this.codes.set(label, code);
    }
    return code;
  }
}
