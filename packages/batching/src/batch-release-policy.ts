import type { PendingText } from './pending-text.ts';

/** What the release policy reads of the pending pool; a `BatchAssembler` is one. */
export interface PendingView {
  readonly size: number;
  hasPendingOutside(tenants: { has(tenant: string | undefined): boolean }, atWorst?: number): boolean;
}

export interface BatchReleasePolicyOptions {
  /** Sessions computing batches at once (the express session not counted). */
  readonly sessions: number;
  /** Must equal the assembler's `defaultPriority`: texts without a priority count in that class. */
  readonly defaultPriority: number;
  /**
   * Batches handed to the sessions at once beyond one per session. With one, the next batch is assembled, checked
   * for cancellations and padded while the current ones run, and a session starts it the moment it is free: the
   * round trips and JavaScript between batches no longer leave the inference runtime idle. Default 1.
   */
  readonly pipelineQueued?: number;
  /**
   * Texts that must be pending before a batch is queued behind running ones while no session is free. With fewer,
   * they gather company until a batch ends: on CPU a batch of one costs ~30% more per text than a batch of four.
   * Default 8.
   */
  readonly pipelineMinPending?: number;
  /**
   * Batches that may be in flight beyond the pipeline's depth when they are for a tenant with nothing in flight:
   * such a batch goes to the sessions at once, marked urgent, and runs before the one queued. A light tenant behind
   * a flooding one then waits for the batch in progress only, not also for the flood's next batch. Default 1.
   */
  readonly expressExtra?: number;
}

/**
 * `wait`: start nothing until a batch ends or texts are added; while `pipelineFull`, only added texts that may go
 * express (`mayGoExpress`) can change that. `take`: ask the assembler for the next batch, without waiting for company
 * when `drain` (draining, or a batch for the express lane).
 */
export type ReleaseDecision =
  | { readonly action: 'wait'; readonly pipelineFull: boolean }
  | { readonly action: 'take'; readonly drain: boolean; readonly express: boolean };

/** A batch handed to the sessions, until `BatchReleasePolicy.end`. */
export interface InFlightBatch {
  /** The best (lowest) priority in the batch. */
  readonly priority: number;
  /** Sent past the batches in flight for a tenant with nothing in flight: the session runs it before the queued one. */
  readonly urgent: boolean;
  readonly tenants: ReadonlyArray<string | undefined>;
}

/**
 * When the worker starts a batch, and which batches are urgent: pipeline depth (one batch queued behind the busy
 * sessions), gathering (a queued batch waits for company), and the express lane (a tenant with nothing in flight
 * does not wait behind another tenant's queued batch). Pure bookkeeping of the batches in flight; the worker does
 * the I/O and tells it when a batch starts and ends.
 */
export class BatchReleasePolicy<T extends PendingText = PendingText> {
  private readonly sessions: number;
  private readonly defaultPriority: number;
  private readonly depth: number;
  private readonly minPending: number;
  private readonly expressExtra: number;
  /** Texts in batches in flight, by tenant. */
  private readonly inFlightTexts = new Map<string | undefined, number>();
  /** The best priority of each batch in flight: an express batch never passes better-priority work. */
  private readonly inFlightPriorities: number[] = [];

  constructor(options: BatchReleasePolicyOptions) {
    this.sessions = options.sessions;
    this.defaultPriority = options.defaultPriority;
    this.depth = options.sessions + (options.pipelineQueued ?? 1);
    this.minPending = options.pipelineMinPending ?? 8;
    this.expressExtra = options.expressExtra ?? 1;
  }

  /** Batches in flight. */
  get inFlight(): number {
    return this.inFlightPriorities.length;
  }

  /** What to do next, given what is pending and whether the worker is draining (then it never gathers). */
  decide(pending: PendingView, draining: boolean): ReleaseDecision {
    const running = this.inFlight;
    const full = running >= this.depth;
    const gathering = running >= this.sessions && !draining && pending.size < this.minPending;
    if (!full && !gathering) return { action: 'take', drain: draining, express: false };
    const express = running < this.depth + this.expressExtra && this.newTenantPending(pending);
    if (!express) return { action: 'wait', pipelineFull: full };
    return { action: 'take', drain: true, express: true };
  }

  /** Records a batch handed to the sessions and says whether it is urgent; `end` it when it is computed. */
  start(batch: readonly T[]): InFlightBatch {
    const priority = Math.min(...batch.map((text) => text.priority ?? this.defaultPriority));
    const urgent =
      this.inFlight >= this.sessions &&
      priority <= this.bestPriorityInFlight() &&
      batch.some((text) => !this.inFlightTexts.has(text.tenant));
    const tenants = batch.map((text) => text.tenant);
    this.count(tenants, 1);
    this.inFlightPriorities.push(priority);
    return { priority, urgent, tenants };
  }

  end(batch: InFlightBatch): void {
    this.count(batch.tenants, -1);
    const at = this.inFlightPriorities.indexOf(batch.priority);
    if (at >= 0) this.inFlightPriorities.splice(at, 1);
  }

  /** Whether some of these texts are of a tenant with nothing in flight: only such texts can end a full wait. */
  mayGoExpress(texts: readonly T[]): boolean {
    return texts.some((text) => !this.inFlightTexts.has(text.tenant));
  }

  /**
   * Whether a tenant with nothing in flight has texts pending, of a priority no worse than any batch in flight,
   * while others' batches are in flight.
   */
  private newTenantPending(pending: PendingView): boolean {
    if (this.inFlightTexts.size === 0) return false;
    return pending.hasPendingOutside(this.inFlightTexts, this.bestPriorityInFlight());
  }

  private bestPriorityInFlight(): number {
    return Math.min(...this.inFlightPriorities);
  }

  private count(tenants: ReadonlyArray<string | undefined>, sign: 1 | -1): void {
    for (const tenant of tenants) {
      const count = (this.inFlightTexts.get(tenant) ?? 0) + sign;
      if (count > 0) this.inFlightTexts.set(tenant, count);
      else this.inFlightTexts.delete(tenant);
    }
  }
}
