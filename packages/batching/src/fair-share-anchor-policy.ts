import type { AnchorPolicy } from './anchor-policy.ts';
import type { PendingText } from './pending-text.ts';

export interface FairShareAnchorPolicyOptions {
  /**
   * A tenant's share relative to the other tenants of its priority class, for texts that carry no `weight` of
   * their own. Asked on every released batch, so a tenant config change applies from the next batch on without
   * rebuilding the policy. A weight (the text's or this one's) that is anything but a finite number > 0 counts as
   * 1 (the API's "0 means 1"): a config slip must not stall the worker loop, which a throw inside `next` would.
   * Texts without a tenant form one bucket of their own, weight 1.
   */
  readonly weightOf?: (tenant: string) => number | undefined;
  /** Must equal the assembler's `defaultPriority`: texts without a priority are accounted in that class. */
  readonly defaultPriority?: number;
  /**
   * A tenant with no pending text for this long is forgotten even if it is ahead of its share, so memory stays
   * bounded by the tenants seen recently. Default one minute: longer than any realistic burst, shorter than the
   * churn of tenants on a shared worker.
   */
  readonly forgetAfterMs?: number;
  /**
   * A batch anchored by a tenant that is behind holds only its texts (and those of tenants as far behind), not
   * those of tenants ahead of it: a light tenant's text then waits for one batch of its own rather than a full
   * batch of the heavy tenant's texts. Costs little on CPU (compute follows padded tokens), more on GPU. Default off.
   */
  readonly isolateLaggingTenants?: boolean;
}

type TenantKey = string | undefined;

interface TenantState {
  /** Padded tokens served to the tenant divided by its weight: its start tag for the next batch. */
  virtualTime: number;
  lastActiveAt: number;
}

/** Accounting of one priority class: tenants share capacity by weight within a class, not across classes. */
interface ClassClock {
  /** System virtual time: the smallest virtual time among the tenants last seen pending, never decreasing. */
  virtualTime: number;
  readonly tenants: Map<TenantKey, TenantState>;
}

/**
 * Weighted fair share between tenants, by start-time fair queuing over padded tokens.
 *
 * Every tenant of a priority class has a virtual time: the padded tokens it has been served divided by its
 * weight. The anchor is the oldest text of the pending tenant with the smallest virtual time, and the batch is
 * filled first with texts of tenants not ahead of that one, so a lagging tenant gets whole batches rather than a
 * single anchor among someone else's texts. Padded tokens are the unit because CPU compute follows them; each
 * text is charged its own tokens times the batch's padded/real ratio, so a batch's charges add up to exactly what
 * it cost and tenants in one batch pay for its padding in proportion to their tokens.
 *
 * A tenant that becomes pending again starts no lower than the system virtual time (the smallest virtual time
 * among pending tenants): idleness banks no credit, so a returning tenant competes at its share at once instead
 * of monopolising the worker, while a light tenant behind a heavy one is never more than a batch away.
 *
 * Only the candidates the assembler offers, the best priority class present, are considered: the assembler
 * already runs a better class before any tenant's share of a worse one.
 */
export class FairShareAnchorPolicy<T extends PendingText = PendingText> implements AnchorPolicy<T> {
  private readonly weightOf: (tenant: string) => number | undefined;
  private readonly defaultPriority: number;
  private readonly forgetAfterMs: number;
  private readonly clocks = new Map<number, ClassClock>();
  readonly fillOnlyPreferred: boolean;
  /** Set by `chooseAnchor` for the `prefersForFill` calls of the same batch. */
  private choice: { clock: ClassClock; anchor: T; virtualTime: number } | undefined;

  constructor(options: FairShareAnchorPolicyOptions = {}) {
    this.weightOf = options.weightOf ?? (() => 1);
    this.defaultPriority = options.defaultPriority ?? 1;
    this.forgetAfterMs = options.forgetAfterMs ?? 60_000;
    this.fillOnlyPreferred = options.isolateLaggingTenants ?? false;
    if (!Number.isFinite(this.defaultPriority)) {
      throw new RangeError(`defaultPriority must be a finite number, got ${this.defaultPriority}`);
    }
    if (!(this.forgetAfterMs >= 0)) {
      throw new RangeError(`forgetAfterMs must be a number >= 0, got ${this.forgetAfterMs}`);
    }
  }

  chooseAnchor(candidates: readonly T[], now: number): T {
    const first = candidates[0];
    if (first === undefined) throw new Error('chooseAnchor needs at least one candidate');
    const clock = this.clockOf(this.priorityOf(first));
    // Candidates come oldest first, so the first text seen of each tenant is its oldest, and insertion order
    // breaks virtual-time ties in favour of the tenant that has waited longest.
    const oldestByTenant = new Map<TenantKey, T>();
    for (const candidate of candidates) {
      if (!oldestByTenant.has(candidate.tenant)) oldestByTenant.set(candidate.tenant, candidate);
    }
    let chosen: TenantKey;
    let smallest = Number.POSITIVE_INFINITY;
    for (const tenant of oldestByTenant.keys()) {
      const state = this.activate(clock, tenant, now);
      if (state.virtualTime < smallest) {
        smallest = state.virtualTime;
        chosen = tenant;
      }
    }
    clock.virtualTime = Math.max(clock.virtualTime, smallest);
    const anchor = oldestByTenant.get(chosen)!;
    this.choice = { clock, anchor, virtualTime: smallest };
    return anchor;
  }

  /**
   * Texts of tenants not ahead of the anchor's fill the batch first; the others only take room left over, so a
   * batch is never smaller or later for fairness, only differently composed.
   */
  prefersForFill(candidate: T, anchor: T): boolean {
    const choice = this.choice;
    if (choice === undefined || choice.anchor !== anchor) return true;
    return this.virtualTimeOf(choice.clock, candidate.tenant) <= choice.virtualTime;
  }

  batchReleased(batch: readonly T[], now: number): void {
    this.choice = undefined;
    let realTokens = 0;
    let longest = 0;
    for (const text of batch) {
      realTokens += text.tokens;
      if (text.tokens > longest) longest = text.tokens;
    }
    if (realTokens === 0) return;
    const paddedPerReal = (batch.length * longest) / realTokens;
    for (const text of batch) {
      const clock = this.clockOf(this.priorityOf(text));
      const state = this.activate(clock, text.tenant, now);
      state.virtualTime += (text.tokens * paddedPerReal) / this.weightFor(text);
    }
    this.forgetIdle(now);
  }

  /** Tenants currently remembered, over all classes: what bounded memory is measured by. */
  get trackedTenants(): number {
    let count = 0;
    for (const clock of this.clocks.values()) count += clock.tenants.size;
    return count;
  }

  /** A tenant's virtual time in a class (the system virtual time if it is not tracked), for tests and metrics. */
  virtualTime(tenant: string | undefined, priority = this.defaultPriority): number {
    const clock = this.clocks.get(priority);
    return clock === undefined ? 0 : this.virtualTimeOf(clock, tenant);
  }

  private activate(clock: ClassClock, tenant: TenantKey, now: number): TenantState {
    let state = clock.tenants.get(tenant);
    if (state === undefined) {
      state = { virtualTime: clock.virtualTime, lastActiveAt: now };
      clock.tenants.set(tenant, state);
    }
    // The clamp that stops idle tenants banking credit: below the system virtual time means "was not pending".
    state.virtualTime = Math.max(state.virtualTime, clock.virtualTime);
    state.lastActiveAt = now;
    return state;
  }

  private virtualTimeOf(clock: ClassClock, tenant: TenantKey): number {
    return Math.max(clock.virtualTime, clock.tenants.get(tenant)?.virtualTime ?? clock.virtualTime);
  }

  /**
   * Dropping a tenant at or below the system virtual time loses nothing, as it would be clamped up to it on
   * return anyway; one ahead of it is dropped once idle for `forgetAfterMs`, forgiving its debt.
   */
  private forgetIdle(now: number): void {
    for (const [priority, clock] of this.clocks) {
      for (const [tenant, state] of clock.tenants) {
        if (state.virtualTime <= clock.virtualTime || now - state.lastActiveAt > this.forgetAfterMs) {
          clock.tenants.delete(tenant);
        }
      }
      // Virtual times only matter relative to each other, so an empty class can start again from 0.
      if (clock.tenants.size === 0) this.clocks.delete(priority);
    }
  }

  private clockOf(priority: number): ClassClock {
    let clock = this.clocks.get(priority);
    if (clock === undefined) {
      clock = { virtualTime: 0, tenants: new Map() };
      this.clocks.set(priority, clock);
    }
    return clock;
  }

  private priorityOf(text: T): number {
    return text.priority ?? this.defaultPriority;
  }

  private weightFor(text: T): number {
    if (text.tenant === undefined) return 1;
    if (isWeight(text.weight)) return text.weight;
    const weight = this.weightOf(text.tenant);
    return isWeight(weight) ? weight : 1;
  }
}

function isWeight(weight: number | undefined): weight is number {
  return typeof weight === 'number' && Number.isFinite(weight) && weight > 0;
}
