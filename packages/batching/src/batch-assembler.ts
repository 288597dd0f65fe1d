import { OldestFirstAnchorPolicy, type AnchorPolicy } from './anchor-policy.ts';
import { groupByArrival } from './arrival-grouping.ts';
import {
  resolveBatchAssemblerConfig,
  type BatchAssemblerConfig,
  type ResolvedBatchAssemblerConfig,
} from './batch-assembler-config.ts';
import { BatchDraft } from './batch-draft.ts';
import { groupByLength } from './length-grouping.ts';
import { compareByArrival, PendingPool, type PendingEntry } from './pending-pool.ts';
import type { PendingText } from './pending-text.ts';
import { pendingBacklog, type PendingGroup } from './pending-backlog.ts';

/**
 * Why a batch was released: it could not grow ('full'), a text had waited maxWaitMs ('waited'), or the caller
 * asked to flush ('drain').
 */
export type ReleaseReason = 'full' | 'waited' | 'drain';

export interface ReadyBatch<T extends PendingText> {
  readonly status: 'ready';
  /** Never empty; in arrival order. Already removed from the pool. */
  readonly batch: T[];
  /** Texts whose deadline had passed, removed without being batched: answer them DEADLINE_EXCEEDED. */
  readonly expired: T[];
  readonly reason: ReleaseReason;
}

export interface WaitingBatch<T extends PendingText> {
  readonly status: 'waiting';
  readonly batch: [];
  readonly expired: T[];
  /** Ask again after this long (> 0), or sooner if texts arrive: the oldest text's wait or a deadline ends then. */
  readonly waitMs: number;
}

export interface IdleBatch<T extends PendingText> {
  readonly status: 'idle';
  readonly batch: [];
  readonly expired: T[];
}

/** `idle` means nothing is pending: ask again once texts are added. */
export type NextBatch<T extends PendingText> = ReadyBatch<T> | WaitingBatch<T> | IdleBatch<T>;

export interface NextBatchOptions {
  /** Release whatever batch can be formed now without waiting, e.g. on shutdown or when the queue is empty. */
  readonly drain?: boolean;
}

/**
 * Decides which pending texts form the next batch and when it is worth running. Pure bookkeeping: no timers,
 * no I/O; time comes in as `now` so the worker owns the clock and tests own it too.
 */
export class BatchAssembler<T extends PendingText = PendingText> {
  readonly config: ResolvedBatchAssemblerConfig;
  private readonly anchorPolicy: AnchorPolicy<T>;
  private readonly pool = new PendingPool<T>();

  constructor(config: BatchAssemblerConfig<T>) {
    this.config = resolveBatchAssemblerConfig(config);
    this.anchorPolicy = config.anchorPolicy ?? new OldestFirstAnchorPolicy<T>();
  }

  /** Texts pending, expired ones included until the next call to `next`. */
  get size(): number {
    return this.pool.size;
  }

  /** Texts pending by tenant and priority class, most first, at most `limit` groups (see `pendingBacklog`). */
  backlog(limit: number): { groups: PendingGroup[]; truncated: boolean } {
    return pendingBacklog(this.pool.classesInOrder(), limit);
  }

  /** Real (unpadded) tokens pending: a load signal for admission and autoscaling. */
  get pendingTokens(): number {
    return this.pool.pendingTokens;
  }

  has(key: string): boolean {
    return this.pool.has(key);
  }

  /**
   * Whether the best priority class pending, if it is `atWorst` or better (lower), holds a text of a tenant not in
   * `tenants`: with those tenants' work in flight, such a text is one a fair-share policy gives the next batch to.
   */
  hasPendingOutside(
    tenants: { has(tenant: string | undefined): boolean },
    atWorst = Number.POSITIVE_INFINITY,
  ): boolean {
    const [best] = this.pool.classesInOrder();
    if (best === undefined || best.priority > atWorst) return false;
    return best.byArrival.some((entry) => !tenants.has(entry.item.tenant));
  }

  /** Adds all of `items` or, if any is malformed or its key is already pending, none of them. */
  add(items: readonly T[]): void {
    const keys = new Set<string>();
    for (const item of items) {
      validatePendingText(item);
      if (this.pool.has(item.key) || keys.has(item.key)) {
        throw new Error(`text '${item.key}' is already pending`);
      }
      keys.add(item.key);
    }
    this.pool.insertAll(items, (item) => item.priority ?? this.config.defaultPriority);
  }

  /** Drops texts that will not be needed (e.g. their request was cancelled); returns those that were pending. */
  remove(keys: Iterable<string>): T[] {
    return this.pool.deleteAll(keys).map((entry) => entry.item);
  }

  next(now: number, options: NextBatchOptions = {}): NextBatch<T> {
    if (!Number.isFinite(now)) {
      throw new RangeError(`now must be a finite number of milliseconds, got ${now}`);
    }
    const expired = this.pool
      .deleteAll(this.pool.expiredAt(now).map((entry) => entry.item.key))
      .map((entry) => entry.item);
    const oldest = this.pool.oldest();
    if (oldest === undefined) return { status: 'idle', batch: [], expired };

    const draft = new BatchDraft<T>(this.config);
    const classes = this.pool.classesInOrder();
    let full: boolean;
    if (this.config.ordering === 'fifo') {
      full = groupByArrival(classes, draft).blocked || draft.full;
    } else {
      const anchor = this.chooseAnchor(now);
      const policy = this.anchorPolicy;
      const prefer =
        policy.prefersForFill === undefined
          ? undefined
          : (item: T) => policy.prefersForFill!(item, anchor.item);
      groupByLength(classes, anchor, draft, prefer, policy.fillOnlyPreferred === true);
      full = draft.full;
    }

    const waitEnds = oldest.item.enqueuedAt + this.config.maxWaitMs;
    const reason: ReleaseReason | undefined = full
      ? 'full'
      : now >= waitEnds
        ? 'waited'
        : options.drain
          ? 'drain'
          : undefined;
    if (reason === undefined) {
      const deadline = this.pool.earliestDeadline() ?? Number.POSITIVE_INFINITY;
      return { status: 'waiting', batch: [], expired, waitMs: Math.min(waitEnds, deadline) - now };
    }

    const batch = this.pool
      .deleteAll(draft.entries.sort(compareByArrival).map((entry) => entry.item.key))
      .map((entry) => entry.item);
    this.anchorPolicy.batchReleased?.(batch, now);
    return { status: 'ready', batch, expired, reason };
  }

  private chooseAnchor(now: number): PendingEntry<T> {
    const [bestClass] = this.pool.classesInOrder();
    const candidates = bestClass!.byArrival;
    const anchor = this.anchorPolicy.chooseAnchor(
      candidates.map((entry) => entry.item),
      now,
    );
    const entry = candidates.find((candidate) => candidate.item === anchor);
    if (entry === undefined) {
      throw new Error('anchorPolicy.chooseAnchor returned a text that was not a candidate');
    }
    return entry;
  }
}

function validatePendingText(item: PendingText): void {
  if (typeof item !== 'object' || item === null) {
    throw new TypeError(`a pending text must be an object, got ${item}`);
  }
  const { key, tokens, enqueuedAt, deadline, priority } = item;
  if (typeof key !== 'string' || key === '') {
    throw new TypeError(`a pending text needs a non-empty string key`);
  }
  if (!Number.isSafeInteger(tokens) || tokens < 1) {
    throw new RangeError(`text '${key}': tokens must be an integer >= 1, got ${tokens}`);
  }
  if (!Number.isFinite(enqueuedAt)) {
    throw new RangeError(
      `text '${key}': enqueuedAt must be a finite number of milliseconds, got ${enqueuedAt}`,
    );
  }
  if (deadline !== undefined && !Number.isFinite(deadline)) {
    throw new RangeError(`text '${key}': deadline must be a finite number of milliseconds, got ${deadline}`);
  }
  if (priority !== undefined && !Number.isFinite(priority)) {
    throw new RangeError(`text '${key}': priority must be a finite number, got ${priority}`);
  }
}
