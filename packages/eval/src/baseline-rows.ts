/** What a classifier that ignores the text scores on the same items: the floor a model must clear to mean anything. */
export interface BaselineRow {
  name: string;
  /** In words: what it predicts and whether the figures are exact or expected values. */
  description: string;
  accuracy: number | null;
  macroF1: number | null;
}

/**
 * Two rows over the gold labels of the evaluated items, in the data's label space: always the most frequent gold
 * label (exact), and a label drawn uniformly from `labels` (expected values, so no seed and no luck: accuracy is
 * 1/K, and each label's F1 is 2·(n_c/K) / (n_c + n/K), the ratio of expected counts).
 */
export function baselineRows(golds: readonly string[], labels: readonly string[]): BaselineRow[] {
  const counts = new Map<string, number>();
  for (const gold of golds) counts.set(gold, (counts.get(gold) ?? 0) + 1);
  const n = golds.length;
  const space = [...new Set([...labels, ...counts.keys()])];
  let majority: string | undefined;
  for (const [label, count] of counts)
    if (majority === undefined || count > counts.get(majority)!) majority = label;
  const k = space.length;
  const majorityCount = majority === undefined ? 0 : counts.get(majority)!;
  // Labels that occur as gold or predicted: every gold label; the majority label is one of them.
  const majorityF1 = n === 0 ? null : (2 * majorityCount) / (n + majorityCount) / counts.size;
  const randomF1 =
    n === 0
      ? null
      : space.reduce((sum, label) => {
          const gold = counts.get(label) ?? 0;
          return sum + (2 * (gold / k)) / (gold + n / k);
        }, 0) / k;
  return [
    {
      name: `majority class (${majority ?? '–'})`,
      description: `always "${majority ?? '–'}", the most frequent gold label: exact`,
      accuracy: n === 0 ? null : majorityCount / n,
      macroF1: majorityF1,
    },
    {
      name: `random (uniform over ${k} labels)`,
      description: `a label drawn uniformly from ${space.join(', ')}: expected values`,
      accuracy: n === 0 || k === 0 ? null : 1 / k,
      macroF1: randomF1,
    },
  ];
}
