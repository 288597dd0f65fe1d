import type { BatchDraft } from './batch-draft.ts';
import type { PendingEntry, PriorityClass } from './pending-pool.ts';
import { compareByArrival, compareByLength, upperBound } from './pending-pool.ts';
import type { PendingText } from './pending-text.ts';

/**
 * Builds the batch around `anchor` (which must belong to `classes[0]`, the best class present): first the
 * anchor's class, growing outwards in length order towards whichever neighbour wastes fewer padded tokens,
 * then, while room is left, texts of worse classes the same way. Worse classes only ever take room no better
 * text could use, so they ride along without overtaking anyone. With `prefer`, the anchor's class is split the
 * same way: preferred texts first, the rest of the class in the room left, before any worse class.
 */
export function groupByLength<T extends PendingText>(
  classes: readonly PriorityClass<T>[],
  anchor: PendingEntry<T>,
  draft: BatchDraft<T>,
  prefer?: (item: T) => boolean,
  onlyPreferred = false,
): void {
  const [anchorClass, ...worseClasses] = classes;
  if (anchorClass === undefined || anchorClass.priority !== anchor.priority) {
    throw new Error('the anchor must belong to the best priority class present');
  }
  const anchorIndex = upperBound(anchorClass.byLength, anchor, compareByLength) - 1;
  if (anchorClass.byLength[anchorIndex] !== anchor) throw new Error('the anchor is not pending');
  // Preferred texts are met by stepping over the others outwards from the anchor, so only the texts near it are
  // asked about: partitioning the whole class first asked about every pending text, each batch.
  const preferred =
    prefer === undefined ? undefined : (entry: PendingEntry<T>) => entry === anchor || prefer(entry.item);
  draft.add(anchor);
  growOutwards(draft, anchorClass.byLength, anchorIndex - 1, anchorIndex + 1, preferred);
  if (preferred !== undefined && onlyPreferred) return;
  // The rest of the anchor's class (in length order, like a whole class), only when room is left for it.
  const leftOver =
    preferred === undefined || draft.full ? [] : anchorClass.byLength.filter((entry) => !preferred(entry));
  for (const byLength of [leftOver, ...worseClasses.map((priorityClass) => priorityClass.byLength)]) {
    if (draft.full) return;
    // Split below the longest so texts exactly as long (no padding at all) are met first on the longer side,
    // where equal lengths sit oldest first.
    const split = lastShorterThan(byLength, draft.longestTokens);
    growOutwards(draft, byLength, split, split + 1);
  }
}

/**
 * Greedy: each step takes the shorter-side or longer-side neighbour, whichever adds less padding (the older on
 * a tie). Stops when neither fits; farther texts cannot fit either, as they only pad more. With `include`, the
 * neighbours are the nearest entries it accepts (as if the others were not in `byLength`).
 */
function growOutwards<T extends PendingText>(
  draft: BatchDraft<T>,
  byLength: readonly PendingEntry<T>[],
  left: number,
  right: number,
  include?: (entry: PendingEntry<T>) => boolean,
): void {
  const nearest = (index: number, direction: -1 | 1): number => {
    if (include !== undefined) {
      while (index >= 0 && index < byLength.length && !include(byLength[index]!)) index += direction;
    }
    return index;
  };
  left = nearest(left, -1);
  right = nearest(right, 1);
  for (;;) {
    const shorter = left >= 0 ? byLength[left] : undefined;
    const longer = right < byLength.length ? byLength[right] : undefined;
    const shorterFits = shorter !== undefined && draft.fits(shorter.item.tokens);
    const longerFits = longer !== undefined && draft.fits(longer.item.tokens);
    if (shorterFits && longerFits) {
      const shorterWaste = draft.addedWaste(shorter.item.tokens);
      const longerWaste = draft.addedWaste(longer.item.tokens);
      const takeShorter =
        shorterWaste < longerWaste ||
        (shorterWaste === longerWaste && compareByArrival(shorter, longer) <= 0);
      if (takeShorter) {
        draft.add(shorter);
        left = nearest(left - 1, -1);
      } else {
        draft.add(longer);
        right = nearest(right + 1, 1);
      }
    } else if (shorterFits) {
      draft.add(shorter);
      left = nearest(left - 1, -1);
    } else if (longerFits) {
      draft.add(longer);
      right = nearest(right + 1, 1);
    } else {
      return;
    }
  }
}

/** Index of the last entry with fewer than `tokens` tokens, -1 if none. */
function lastShorterThan<T extends PendingText>(
  byLength: readonly PendingEntry<T>[],
  tokens: number,
): number {
  let low = 0;
  let high = byLength.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (byLength[middle]!.item.tokens < tokens) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}
