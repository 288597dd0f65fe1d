import type { TenantLimits } from './tenant-spec.ts';
import { msUntilNextUtcDay } from './time-buckets.ts';

/**
 * Which tenant limits apply to a request and how much of each it uses. Pure: the Redis side (QuotaLedger) only
 * consumes what this plans, so the arithmetic is tested without Redis.
 */

export type QuotaLimitName =
  | 'requests-per-second'
  | 'requests-per-minute'
  | 'texts-per-minute'
  | 'tokens-per-minute'
  | 'texts-per-day'
  | 'max-concurrent-texts'
  | 'max-texts-per-call'
  | 'max-batch-texts'
  | 'max-concurrent-batches';

/**
 * - `window`: a counter that resets at the end of a fixed window (second, minute, UTC day).
 * - `lease`: capacity held while work is in flight, given back on release or when the lease's TTL lapses.
 * - `per-call`: a bound on one request, nothing is consumed.
 */
export type QuotaLimitKind = 'window' | 'lease' | 'per-call';

export interface QuotaLimitDefinition {
  name: QuotaLimitName;
  field: keyof TenantLimits;
  kind: QuotaLimitKind;
  /** Window length in seconds (`window` only); the day window is the UTC calendar day. */
  windowSeconds?: number;
  /** The reason string for ErrorInfo / usage rejections, e.g. QUOTA_TEXTS_PER_MINUTE. */
  reason: string;
}

export const QUOTA_LIMITS: Readonly<Record<QuotaLimitName, QuotaLimitDefinition>> = {
  'requests-per-second': {
    name: 'requests-per-second',
    field: 'requestsPerSecond',
    kind: 'window',
    windowSeconds: 1,
    reason: 'QUOTA_REQUESTS_PER_SECOND',
  },
  'requests-per-minute': {
    name: 'requests-per-minute',
    field: 'requestsPerMinute',
    kind: 'window',
    windowSeconds: 60,
    reason: 'QUOTA_REQUESTS_PER_MINUTE',
  },
  'texts-per-minute': {
    name: 'texts-per-minute',
    field: 'textsPerMinute',
    kind: 'window',
    windowSeconds: 60,
    reason: 'QUOTA_TEXTS_PER_MINUTE',
  },
  'tokens-per-minute': {
    name: 'tokens-per-minute',
    field: 'tokensPerMinute',
    kind: 'window',
    windowSeconds: 60,
    reason: 'QUOTA_TOKENS_PER_MINUTE',
  },
  'texts-per-day': {
    name: 'texts-per-day',
    field: 'textsPerDay',
    kind: 'window',
    windowSeconds: 86_400,
    reason: 'QUOTA_TEXTS_PER_DAY',
  },
  'max-concurrent-texts': {
    name: 'max-concurrent-texts',
    field: 'maxConcurrentTexts',
    kind: 'lease',
    reason: 'QUOTA_MAX_CONCURRENT_TEXTS',
  },
  'max-texts-per-call': {
    name: 'max-texts-per-call',
    field: 'maxTextsPerCall',
    kind: 'per-call',
    reason: 'QUOTA_MAX_TEXTS_PER_CALL',
  },
  'max-batch-texts': {
    name: 'max-batch-texts',
    field: 'maxBatchTexts',
    kind: 'per-call',
    reason: 'QUOTA_MAX_BATCH_TEXTS',
  },
  'max-concurrent-batches': {
    name: 'max-concurrent-batches',
    field: 'maxConcurrentBatches',
    kind: 'lease',
    reason: 'QUOTA_MAX_CONCURRENT_BATCHES',
  },
};

/** What a request asks for. `tokens` may be 0 when the gateway does not tokenize (then tokens-per-minute is skipped). */
export interface QuotaDemand {
  texts: number;
  tokens?: number;
  /** `call`: Classify (interactive); `batch`: a batch job submission. */
  kind?: 'call' | 'batch';
}

/** One limit that applies to a request, with the tenant's maximum and how much this request uses. */
export interface QuotaCheck {
  definition: QuotaLimitDefinition;
  max: number;
  amount: number;
}

const CALL_LIMITS: readonly QuotaLimitName[] = [
  'max-texts-per-call',
  'requests-per-second',
  'requests-per-minute',
  'texts-per-minute',
  'tokens-per-minute',
  'texts-per-day',
  'max-concurrent-texts',
];
// A batch job's texts count against the day's texts (as interactive ones do), not against per-second/minute rates:
// it is paced by the workers at batch priority, not by the caller.
const BATCH_LIMITS: readonly QuotaLimitName[] = [
  'max-batch-texts',
  'max-concurrent-batches',
  'texts-per-day',
];

/** The limits the tenant has set that this request touches, with the amount each would consume. */
export function quotaChecks(limits: TenantLimits, demand: QuotaDemand): QuotaCheck[] {
  const names = demand.kind === 'batch' ? BATCH_LIMITS : CALL_LIMITS;
  const checks: QuotaCheck[] = [];
  for (const name of names) {
    const definition = QUOTA_LIMITS[name];
    const max = limits[definition.field];
    if (max === undefined) continue;
    const amount = amountFor(name, demand);
    if (amount === 0 && definition.kind !== 'per-call') continue; // nothing to count (e.g. tokens unknown)
    checks.push({ definition, max, amount });
  }
  return checks;
}

function amountFor(name: QuotaLimitName, demand: QuotaDemand): number {
  switch (name) {
    case 'requests-per-second':
    case 'requests-per-minute':
    case 'max-concurrent-batches':
      return 1;
    case 'tokens-per-minute':
      return demand.tokens ?? 0;
    default:
      return demand.texts;
  }
}

/** Why a request was not admitted: the limit, and when retrying can succeed. */
export interface QuotaShortfall {
  limit: QuotaLimitName;
  reason: string;
  max: number;
  requested: number;
  /** What is left of the limit now (0 when exhausted). */
  remaining: number;
  /** How long until retrying can succeed; > 0. */
  retryAfterMs: number;
  /** False when the request can never fit (it asks for more than the limit itself): do not retry it unchanged. */
  retryable: boolean;
}

/** Checks that no waiting can satisfy: a per-call bound, or a demand larger than a whole window or lease pool. */
export function impossibleDemand(checks: readonly QuotaCheck[]): QuotaShortfall | undefined {
  for (const check of checks) {
    if (check.amount > check.max) {
      return {
        limit: check.definition.name,
        reason: check.definition.reason,
        max: check.max,
        requested: check.amount,
        remaining: check.definition.kind === 'per-call' ? check.max : 0,
        retryAfterMs: 1,
        retryable: false,
      };
    }
  }
  return undefined;
}

/**
 * When several limits reject, the one to report is the one that keeps the request out longest: an unretryable one
 * first, then the longest retryAfterMs (the request cannot be admitted before every limit allows it).
 */
export function tightestShortfall(shortfalls: readonly QuotaShortfall[]): QuotaShortfall | undefined {
  let tightest: QuotaShortfall | undefined;
  for (const shortfall of shortfalls) {
    if (
      !tightest ||
      (tightest.retryable && !shortfall.retryable) ||
      (tightest.retryable === shortfall.retryable && shortfall.retryAfterMs > tightest.retryAfterMs)
    ) {
      tightest = shortfall;
    }
  }
  return tightest;
}

/** What is left of one limit after an admission, for response metadata (`x-ratelimit-remaining-<limit>`). */
export interface QuotaRemaining {
  limit: QuotaLimitName;
  max: number;
  remaining: number;
  /** Milliseconds until the window resets (window limits only). */
  resetMs?: number;
}

/** The limit closest to exhaustion (smallest remaining share of its maximum), e.g. for a single summary header. */
export function tightestRemaining(remaining: readonly QuotaRemaining[]): QuotaRemaining | undefined {
  let tightest: QuotaRemaining | undefined;
  for (const entry of remaining) {
    if (!tightest || entry.remaining / entry.max < tightest.remaining / tightest.max) tightest = entry;
  }
  return tightest;
}

/** Retry hint for a window limit: the day limit resets at UTC midnight; other windows when their counter expires. */
export function windowRetryAfterMs(
  definition: QuotaLimitDefinition,
  counterTtlMs: number,
  now: number,
): number {
  if (definition.name === 'texts-per-day') return msUntilNextUtcDay(now);
  return Math.max(1, counterTtlMs);
}

/** Metadata header name for a limit's remaining quota. */
export function remainingHeaderName(limit: QuotaLimitName): string {
  return `x-ratelimit-remaining-${limit}`;
}
