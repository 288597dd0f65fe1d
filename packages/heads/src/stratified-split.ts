import type { SeededRandom } from '@sieve/eval';

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
