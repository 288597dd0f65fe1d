/** How often two models give the same answer, and how much more often than chance would (Cohen's kappa). */
export interface Agreement {
  /** Items both models answered. */
  items: number;
  agreed: number;
  /** Null when there are no items. */
  rate: number | null;
  /**
   * (observed - chance) / (1 - chance), chance from each model's own label frequencies; null without items or when
   * chance agreement is already 1 (both models always give the one same label), where it is undefined.
   */
  kappa: number | null;
}

/** Both lists hold one answer per item in one label space; an undefined answer leaves the item out. */
export function modelAgreement(
  a: ReadonlyArray<string | undefined>,
  b: ReadonlyArray<string | undefined>,
): Agreement {
  const countsA = new Map<string, number>();
  const countsB = new Map<string, number>();
  let items = 0;
  let agreed = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) continue;
    items += 1;
    if (x === y) agreed += 1;
    countsA.set(x, (countsA.get(x) ?? 0) + 1);
    countsB.set(y, (countsB.get(y) ?? 0) + 1);
  }
  if (items === 0) return { items, agreed, rate: null, kappa: null };
  let chance = 0;
  for (const [label, count] of countsA) chance += (count / items) * ((countsB.get(label) ?? 0) / items);
  const rate = agreed / items;
  return { items, agreed, rate, kappa: chance >= 1 ? null : (rate - chance) / (1 - chance) };
}
