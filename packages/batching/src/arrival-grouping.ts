import type { BatchDraft } from './batch-draft.ts';
import type { PriorityClass } from './pending-pool.ts';
import type { PendingText } from './pending-text.ts';

/**
 * Takes texts strictly in arrival order (best class first) until the next one does not fit; never skips one,
 * which is what makes it the honest baseline. Returns whether a text was left out for lack of room: such a
 * batch cannot grow by waiting, because the text that blocks it stays first in line.
 */
export function groupByArrival<T extends PendingText>(
  classes: readonly PriorityClass<T>[],
  draft: BatchDraft<T>,
): { blocked: boolean } {
  for (const priorityClass of classes) {
    for (const entry of priorityClass.byArrival) {
      if (!draft.fits(entry.item.tokens)) return { blocked: true };
      draft.add(entry);
    }
  }
  return { blocked: false };
}
