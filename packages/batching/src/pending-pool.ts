import type { PendingText } from './pending-text.ts';

/** A pending text with what the pool needs to order it: `seq` breaks ties between equal keys deterministically. */
export interface PendingEntry<T extends PendingText> {
  readonly item: T;
  readonly seq: number;
  readonly priority: number;
}

/** The texts of one priority class, kept sorted both ways the assembler reads them. */
export interface PriorityClass<T extends PendingText> {
  readonly priority: number;
  /** By (tokens, enqueuedAt, seq): equal lengths sit oldest first, so growing outwards meets the older first. */
  readonly byLength: PendingEntry<T>[];
  /** By (enqueuedAt, seq). */
  readonly byArrival: PendingEntry<T>[];
}

export function compareByLength<T extends PendingText>(a: PendingEntry<T>, b: PendingEntry<T>): number {
  return a.item.tokens - b.item.tokens || a.item.enqueuedAt - b.item.enqueuedAt || a.seq - b.seq;
}

export function compareByArrival<T extends PendingText>(a: PendingEntry<T>, b: PendingEntry<T>): number {
  return a.item.enqueuedAt - b.item.enqueuedAt || a.seq - b.seq;
}

/**
 * The worker's pending texts, indexed by key, priority class, length and arrival. Sorted arrays with binary
 * search: pools hold hundreds to a few thousand texts, where shifting an array beats any tree, provided a job's
 * texts go in and a batch's come out in one pass over each array rather than one shift per text.
 */
export class PendingPool<T extends PendingText> {
  private readonly entries = new Map<string, PendingEntry<T>>();
  private readonly classes = new Map<number, PriorityClass<T>>();
  /** Priorities present, best (lowest) first. */
  private priorities: number[] = [];
  private tokenSum = 0;
  private nextSeq = 0;

  get size(): number {
    return this.entries.size;
  }

  get pendingTokens(): number {
    return this.tokenSum;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * Adds texts (keys not pending: the assembler checks). A job's texts arrive together, so each class's arrays take
   * them in one merge: inserting one at a time shifted the whole array per text, and with a few thousand texts
   * pending that was most of the assembler's time.
   */
  insertAll(items: readonly T[], priorityOf: (item: T) => number): void {
    const added = new Map<PriorityClass<T>, PendingEntry<T>[]>();
    for (const item of items) {
      const priority = priorityOf(item);
      const entry: PendingEntry<T> = { item, seq: this.nextSeq++, priority };
      this.entries.set(item.key, entry);
      this.tokenSum += item.tokens;
      const priorityClass = this.classOf(priority);
      let list = added.get(priorityClass);
      if (list === undefined) added.set(priorityClass, (list = []));
      list.push(entry);
    }
    for (const [priorityClass, list] of added) {
      insertAllSorted(priorityClass.byLength, list, compareByLength);
      insertAllSorted(priorityClass.byArrival, list, compareByArrival);
    }
  }

  /** Removes those of `keys` that are pending (once each) and returns their entries, in the order of `keys`. */
  deleteAll(keys: Iterable<string>): PendingEntry<T>[] {
    const removed: PendingEntry<T>[] = [];
    const byClass = new Map<PriorityClass<T>, PendingEntry<T>[]>();
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry === undefined) continue;
      this.entries.delete(key);
      this.tokenSum -= entry.item.tokens;
      removed.push(entry);
      const priorityClass = this.classes.get(entry.priority)!;
      let list = byClass.get(priorityClass);
      if (list === undefined) byClass.set(priorityClass, (list = []));
      list.push(entry);
    }
    for (const [priorityClass, list] of byClass) {
      removeAllSorted(priorityClass.byLength, list, compareByLength);
      removeAllSorted(priorityClass.byArrival, list, compareByArrival);
      if (priorityClass.byArrival.length === 0) {
        this.classes.delete(priorityClass.priority);
        this.priorities = this.priorities.filter((priority) => priority !== priorityClass.priority);
      }
    }
    return removed;
  }

  private classOf(priority: number): PriorityClass<T> {
    let priorityClass = this.classes.get(priority);
    if (priorityClass === undefined) {
      priorityClass = { priority, byLength: [], byArrival: [] };
      this.classes.set(priority, priorityClass);
      this.priorities.splice(
        upperBound(this.priorities, priority, (a, b) => a - b),
        0,
        priority,
      );
    }
    return priorityClass;
  }

  /** Best (lowest) priority first. */
  classesInOrder(): PriorityClass<T>[] {
    return this.priorities.map((priority) => this.classes.get(priority)!);
  }

  /** The longest-waiting text of any class: its age decides when a partial batch must go. */
  oldest(): PendingEntry<T> | undefined {
    let oldest: PendingEntry<T> | undefined;
    for (const priorityClass of this.classes.values()) {
      const first = priorityClass.byArrival[0];
      if (first !== undefined && (oldest === undefined || compareByArrival(first, oldest) < 0)) {
        oldest = first;
      }
    }
    return oldest;
  }

  /** Every entry whose deadline is at or before `now`, oldest first. */
  expiredAt(now: number): PendingEntry<T>[] {
    const expired: PendingEntry<T>[] = [];
    for (const entry of this.entries.values()) {
      const { deadline } = entry.item;
      if (deadline !== undefined && deadline <= now) expired.push(entry);
    }
    return expired.sort(compareByArrival);
  }

  earliestDeadline(): number | undefined {
    let earliest: number | undefined;
    for (const { item } of this.entries.values()) {
      if (item.deadline !== undefined && (earliest === undefined || item.deadline < earliest)) {
        earliest = item.deadline;
      }
    }
    return earliest;
  }
}

/** Index of the first element greater than `value`. */
export function upperBound<E>(sorted: readonly E[], value: E, compare: (a: E, b: E) => number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(sorted[middle]!, value) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Merges `added` (any order; none of it in `sorted` yet) into `sorted`: each one's place by binary search, the
 * elements after it moved up once in one pass from the back, whatever the number added. Comparators break every
 * tie, so the result is what inserting one by one gives.
 */
function insertAllSorted<E>(sorted: E[], added: readonly E[], compare: (a: E, b: E) => number): void {
  const incoming = [...added].sort(compare);
  const places = incoming.map((value) => upperBound(sorted, value, compare));
  let read = sorted.length - 1;
  // Pushed first so the array stays packed (growing its length would leave holes); then overwritten below.
  for (const value of incoming) sorted.push(value);
  let write = sorted.length - 1;
  for (let next = incoming.length - 1; next >= 0; next--) {
    const place = places[next]!;
    while (read >= place) sorted[write--] = sorted[read--]!;
    sorted[write--] = incoming[next]!;
  }
}

/** Removes `removed` (any order; all of it in `sorted`): found by binary search, the rest closed up in one pass. */
function removeAllSorted<E>(sorted: E[], removed: readonly E[], compare: (a: E, b: E) => number): void {
  // Keys are unique and `seq` breaks every tie, so each element sits exactly one before its upper bound.
  const indices = removed.map((value) => {
    const index = upperBound(sorted, value, compare) - 1;
    if (sorted[index] !== value) throw new Error('pending pool index out of sync');
    return index;
  });
  indices.sort((a, b) => a - b);
  let write = indices[0]!;
  for (let i = 0; i < indices.length; i++) {
    const end = i + 1 < indices.length ? indices[i + 1]! : sorted.length;
    for (let read = indices[i]! + 1; read < end; read++) sorted[write++] = sorted[read]!;
  }
  sorted.length = write;
}
