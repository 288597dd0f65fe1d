import { randomUUID } from 'node:crypto';
import { LuaScript, type RedisClient } from '@sieve/redis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { LeasePool } from './lease-pool.ts';
import {
  impossibleDemand,
  quotaChecks,
  tightestShortfall,
  windowRetryAfterMs,
  type QuotaCheck,
  type QuotaDemand,
  type QuotaLimitName,
  type QuotaRemaining,
  type QuotaShortfall,
} from './quota-limits.ts';
import { tenancyKeys, type TenancyKeys } from './tenancy-keys.ts';
import { QuotaExceededError, TenancyBackendError } from './tenancy-errors.ts';
import type { TenantSpec } from './tenant-spec.ts';
import { utcDayLabel } from './time-buckets.ts';

/**
 * rate-limiter-flexible's counter script, replaced (through its documented `customIncrTtlLuaScript` option) by a
 * check-then-consume variant (see the file). The stock script increments even when rejecting, which under
 * contention makes concurrent requests see a counter inflated by others' rejected attempts and under-admit.
 * rate-limiter-flexible sends the source itself; LuaScript only reads the file, once.
 */
const CHECK_THEN_CONSUME = new LuaScript(new URL('./lua/check-then-consume-1.lua', import.meta.url)).source;

/** Capacity held by an admitted request until it is answered; give it back with `QuotaLedger.release`. */
export interface QuotaLease {
  tenantId: string;
  limit: QuotaLimitName;
  leaseId: string;
  amount: number;
}

export interface AdmitRequest extends QuotaDemand {
  tenant: Pick<TenantSpec, 'id' | 'limits'>;
  /** How long an unreleased lease holds capacity (set it above the request deadline). Default: the ledger's. */
  leaseTtlMs?: number;
}

export type Admission =
  | {
      admitted: true;
      /** Leases to release when the work is answered (concurrent texts, or a batch slot); empty when unlimited. */
      leases: QuotaLease[];
      /** What is left of each limit that applied, for `x-ratelimit-remaining-<limit>` metadata. */
      remaining: QuotaRemaining[];
    }
  | { admitted: false; error: QuotaExceededError };

export interface QuotaLedgerOptions {
  redis: RedisClient;
  /** Key prefix holding a `{hash-tag}`, e.g. `{sieve}`. */
  prefix: string;
  /** Default lease TTL: how long a crashed gateway's in-flight capacity stays taken. Default 120 s. */
  leaseTtlMs?: number;
  /** Retry hint for a concurrency rejection (capacity frees as soon as any request finishes). Default 1000 ms. */
  concurrencyRetryAfterMs?: number;
  /** Clock for the UTC day of texts-per-day (tests). */
  now?: () => number;
}

interface Outcome {
  check: QuotaCheck;
  /** Undo what this check consumed (nothing for rejections or per-call bounds). */
  undo?: () => Promise<unknown>;
  shortfall?: QuotaShortfall;
  remaining?: QuotaRemaining;
  lease?: QuotaLease;
}

/**
 * Tenant quotas enforced across any number of gateway replicas, all state in Redis.
 *
 * `admit` checks every limit that applies, in parallel, each atomically in Redis; if any rejects, whatever the
 * others consumed is refunded, so a rejected request consumes nothing (up to a refund lost to a Redis failure).
 *
 * Window semantics (rate-limiter-flexible's RateLimiterRedis, fixed windows):
 * - requests-per-second / requests-per-minute / texts-per-minute / tokens-per-minute: a counter per tenant that
 *   starts at the first admitted request and resets when its window (1 s / 60 s) ends. Within one window admitted
 *   amounts never exceed the limit (exact, across replicas). Because windows are fixed, a burst straddling a window
 *   boundary can admit up to 2x the limit within a sliding span of that length.
 * - texts-per-day: a counter per UTC calendar day; retryAfterMs is the time to the next UTC midnight.
 * - max-concurrent-texts / max-concurrent-batches: leases (see LeasePool) released on answer or at their TTL.
 * - max-texts-per-call / max-batch-texts: per-request bounds; never consume anything.
 * A refund can briefly make a concurrent request see less than is really left (it may be rejected when it would
 * have fit); it never admits more than the limit.
 */
export class QuotaLedger {
  private readonly keys: TenancyKeys;
  private readonly leases: LeasePool;
  private readonly limiters = new Map<string, RateLimiterRedis>();
  private readonly leaseTtlMs: number;
  private readonly concurrencyRetryAfterMs: number;
  private readonly now: () => number;

  constructor(private readonly options: QuotaLedgerOptions) {
    this.keys = tenancyKeys(options.prefix);
    this.leases = new LeasePool(options.redis);
    this.leaseTtlMs = options.leaseTtlMs ?? 120_000;
    this.concurrencyRetryAfterMs = options.concurrencyRetryAfterMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /** Admits the request (consuming every applicable limit) or rejects it naming the limit (consuming none). */
  async admit(request: AdmitRequest): Promise<Admission> {
    const tenantId = request.tenant.id;
    const checks = quotaChecks(request.tenant.limits, request);
    const impossible = impossibleDemand(checks);
    if (impossible) return { admitted: false, error: toError(tenantId, impossible) };

    const now = this.now();
    const settled = await Promise.allSettled(
      checks.map((check) => this.consume(tenantId, check, request, now)),
    );
    const outcomes: Outcome[] = [];
    let failure: unknown;
    for (const result of settled) {
      if (result.status === 'fulfilled') outcomes.push(result.value);
      else failure ??= result.reason;
    }
    const shortfall = tightestShortfall(
      outcomes.flatMap((outcome) => (outcome.shortfall ? [outcome.shortfall] : [])),
    );
    if (failure !== undefined || shortfall) {
      await Promise.allSettled(outcomes.map((outcome) => outcome.undo?.()));
      if (failure !== undefined)
        throw new TenancyBackendError(`quota check for tenant "${tenantId}"`, failure);
      return { admitted: false, error: toError(tenantId, shortfall as QuotaShortfall) };
    }
    return {
      admitted: true,
      leases: outcomes.flatMap((outcome) => (outcome.lease ? [outcome.lease] : [])),
      remaining: outcomes.flatMap((outcome) => (outcome.remaining ? [outcome.remaining] : [])),
    };
  }

  /** Gives a lease's capacity back (idempotent); false when it had already expired. */
  async release(lease: QuotaLease): Promise<boolean> {
    return this.leases.release(this.keys.leases(lease.tenantId, lease.limit), lease.leaseId, lease.amount);
  }

  /**
   * Where a lease lives (a sorted set and its member), for work that ends in another process: a batch job's
   * concurrent-batch lease is freed by whichever worker ends the batch, in the same Lua script.
   */
  leaseLocation(lease: QuotaLease): { key: string; member: string } {
    return { key: this.keys.leases(lease.tenantId, lease.limit), member: `${lease.leaseId}|${lease.amount}` };
  }

  /** Extends a lease for long work; false when it had already expired. */
  async renew(lease: QuotaLease, ttlMs = this.leaseTtlMs): Promise<boolean> {
    return this.leases.renew(
      this.keys.leases(lease.tenantId, lease.limit),
      lease.leaseId,
      lease.amount,
      ttlMs,
    );
  }

  private async consume(
    tenantId: string,
    check: QuotaCheck,
    request: AdmitRequest,
    now: number,
  ): Promise<Outcome> {
    const { definition, max, amount } = check;
    if (definition.kind === 'per-call') {
      return { check, remaining: { limit: definition.name, max, remaining: max - amount } };
    }
    if (definition.kind === 'lease') {
      const key = this.keys.leases(tenantId, definition.name);
      const leaseId = randomUUID();
      const acquisition = await this.leases.acquire(
        key,
        leaseId,
        amount,
        max,
        request.leaseTtlMs ?? this.leaseTtlMs,
      );
      if (!acquisition.acquired) {
        const wait =
          acquisition.oldestExpiresInMs > 0
            ? Math.min(acquisition.oldestExpiresInMs, this.concurrencyRetryAfterMs)
            : this.concurrencyRetryAfterMs;
        return {
          check,
          shortfall: {
            limit: definition.name,
            reason: definition.reason,
            max,
            requested: amount,
            remaining: Math.max(0, max - acquisition.used),
            retryAfterMs: Math.max(1, wait),
            retryable: true,
          },
        };
      }
      const lease: QuotaLease = { tenantId, limit: definition.name, leaseId, amount };
      return {
        check,
        lease,
        undo: () => this.release(lease),
        remaining: { limit: definition.name, max, remaining: Math.max(0, max - acquisition.used) },
      };
    }
    const windowSeconds = definition.windowSeconds ?? 60;
    const limiter = this.limiter(max, windowSeconds);
    // The day counter's key names the UTC day, so it resets at midnight rather than 24 h after first use; its TTL
    // (24 h from first use that day) always outlives the day.
    const key = this.keys.rateLimiterKey(
      tenantId,
      definition.name,
      definition.name === 'texts-per-day' ? utcDayLabel(now) : undefined,
    );
    try {
      const result = await limiter.consume(key, amount);
      return {
        check,
        undo: () => limiter.reward(key, amount),
        remaining: {
          limit: definition.name,
          max,
          remaining: result.remainingPoints,
          resetMs: windowRetryAfterMs(definition, result.msBeforeNext, now),
        },
      };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      // With CHECK_THEN_CONSUME a rejection consumed nothing: consumedPoints is what was there plus this request.
      return {
        check,
        shortfall: {
          limit: definition.name,
          reason: definition.reason,
          max,
          requested: amount,
          remaining: Math.max(0, max - (rejection.consumedPoints - amount)),
          retryAfterMs: windowRetryAfterMs(definition, rejection.msBeforeNext, now),
          retryable: true,
        },
      };
    }
  }

  /** One limiter per (limit value, window): rate-limiter-flexible fixes `points` per instance, tenants differ. */
  private limiter(points: number, windowSeconds: number): RateLimiterRedis {
    const id = `${points}/${windowSeconds}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: this.options.redis,
        keyPrefix: this.keys.rateLimiterPrefix,
        points,
        duration: windowSeconds,
        customIncrTtlLuaScript: CHECK_THEN_CONSUME,
      });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}

function toError(tenantId: string, shortfall: QuotaShortfall): QuotaExceededError {
  return new QuotaExceededError(
    tenantId,
    shortfall.limit,
    shortfall.reason,
    shortfall.max,
    shortfall.requested,
    shortfall.remaining,
    shortfall.retryAfterMs,
    shortfall.retryable,
  );
}
