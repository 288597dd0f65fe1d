import type { SeededRandom } from '@sieve/eval';
import { deduplicateExamples, type DeduplicationReport } from './example-deduplication.ts';

/**
 * Splits example indices so that every class keeps its share on both sides: `fraction` of each class goes to
 * `taken` (at least one when the class has two or more, so a rare class is still measured) and at least one stays
 * in `rest` (so every class can be learned). Which ones is decided by `random`, so a seed fixes the split.
 */
export function stratifiedSplit(
  indices: readonly number[],
  labelOf: (index: number) => number,
  fraction: number,
  random: SeededRandom,
): { taken: number[]; rest: number[] } {
  const byClass = new Map<number, number[]>();
  for (const index of indices) {
    const label = labelOf(index);
    const members = byClass.get(label);
    if (members) members.push(index);
    else byClass.set(label, [index]);
  }
  const taken: number[] = [];
  const rest: number[] = [];
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = random.shuffle(byClass.get(label)!);
    const count =
      members.length < 2
        ? 0
        : Math.min(members.length - 1, Math.max(1, Math.round(members.length * fraction)));
    taken.push(...members.slice(0, count));
    rest.push(...members.slice(count));
  }
  return { taken: taken.sort((a, b) => a - b), rest: rest.sort((a, b) => a - b) };
}

/** The trainer's three parts, as example indices, and the labels they are trained and measured with. */
export interface HeadSplit {
  train: number[];
  validation: number[];
  holdout: number[];
  /** Indexed like the examples: each one's label, a conflicting text's resolved by majority. */
  labels: number[];
  /** Present when texts were given: what collapsing duplicates found. */
  deduplication?: DeduplicationReport;
}

/**
 * The head trainer's split: with `texts`, duplicates (equal once normalized) are collapsed first and only one
 * example of each text is split, so no text is in two parts; then `holdoutFraction` of each label is held out and
 * `validationFraction` of the rest decides early stopping, both stratified on what is left.
 */
export function splitHeadExamples(
  labels: readonly number[],
  options: { texts?: readonly string[]; holdoutFraction: number; validationFraction: number },
  random: SeededRandom,
): HeadSplit {
  const deduplicated = options.texts ? deduplicateExamples(options.texts, labels) : undefined;
  const resolved = [...labels];
  deduplicated?.indices.forEach((index, k) => (resolved[index] = deduplicated.labels[k]!));
  const candidates = deduplicated?.indices ?? labels.map((_, n) => n);
  const labelOf = (n: number) => resolved[n]!;
  const { taken: holdout, rest } = stratifiedSplit(candidates, labelOf, options.holdoutFraction, random);
  const { taken: validation, rest: train } = stratifiedSplit(
    rest,
    labelOf,
    options.validationFraction,
    random,
  );
  return {
    train,
    validation,
    holdout,
    labels: resolved,
    ...(deduplicated ? { deduplication: deduplicated.report } : {}),
  };
}
