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
 * search: pools hold hundreds to a few thousand texts, where shifting an array beats any tree.
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

  insert(item: T, priority: number): void {
    const entry: PendingEntry<T> = { item, seq: this.nextSeq++, priority };
    this.entries.set(item.key, entry);
    this.tokenSum += item.tokens;
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
    insertSorted(priorityClass.byLength, entry, compareByLength);
    insertSorted(priorityClass.byArrival, entry, compareByArrival);
  }

  delete(key: string): PendingEntry<T> | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.tokenSum -= entry.item.tokens;
    const priorityClass = this.classes.get(entry.priority)!;
    removeSorted(priorityClass.byLength, entry, compareByLength);
    removeSorted(priorityClass.byArrival, entry, compareByArrival);
    if (priorityClass.byArrival.length === 0) {
      this.classes.delete(entry.priority);
      this.priorities = this.priorities.filter((priority) => priority !== entry.priority);
    }
    return entry;
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

function insertSorted<E>(sorted: E[], value: E, compare: (a: E, b: E) => number): void {
  sorted.splice(upperBound(sorted, value, compare), 0, value);
}

function removeSorted<E>(sorted: E[], value: E, compare: (a: E, b: E) => number): void {
  // Keys are unique and `seq` breaks every tie, so the element sits exactly one before the upper bound.
  const index = upperBound(sorted, value, compare) - 1;
  if (sorted[index] !== value) throw new Error('pending pool index out of sync');
  sorted.splice(index, 1);
}
