import {
  QUOTA_LIMITS,
  QuotaExceededError,
  quotaChecks,
  type QuotaLimitName,
  type TenantSpec,
} from '@sieve/tenancy';

interface Exhausted {
  error: QuotaExceededError;
  /** The model of the call that found the window used up (usage records a rejection under a model). */
  model: string;
  /** When the window resets (ms since the epoch). */
  until: number;
}

/**
 * Quota windows a tenant has used up, as the quota ledger last answered on this gateway. A window with nothing
 * left refuses every call it applies to until it resets, whatever the call holds, so the gateway's edge refuses such
 * a call from its key alone, before reading its body, without asking Redis or counting anything there: the ledger's
 * count stays the only one. Pure: the caller passes the time.
 *
 * Only windows found at zero are remembered: one that refused a large call with room left may still fit a smaller
 * one. A remembered window is forgotten when it resets or when the tenant's limit changes (Admin API, tenants
 * file). A refund inside the window (a concurrent request refused by another limit gives its count back) can free a
 * slot that the edge does not see until the reset: it may refuse a call that would just have fit, never admit one
 * past the limit.
 */
export class ExhaustedQuotaWindows {
  private readonly windows = new Map<string, Exhausted>();

  /** At most `maxEntries` windows are held; the oldest goes first. */
  constructor(private readonly maxEntries = 10_000) {}

  /** Remembers a window the ledger found used up (anything else it refused is not known from metadata). */
  remember(error: QuotaExceededError, model: string, now: number): void {
    const definition = QUOTA_LIMITS[error.limit as QuotaLimitName] as
      | (typeof QUOTA_LIMITS)[QuotaLimitName]
      | undefined;
    if (definition?.kind !== 'window' || !error.retryable || error.remaining > 0) return;
    const key = windowKey(error.tenantId, error.limit);
    this.windows.delete(key);
    if (this.windows.size >= this.maxEntries) {
      const oldest = this.windows.keys().next();
      if (!oldest.done) this.windows.delete(oldest.value);
    }
    this.windows.set(key, { error, model, until: now + error.retryAfterMs });
  }

  /**
   * The refusal an interactive call of this tenant gets now whatever it holds (the longest wait when several windows
   * are used up), or undefined.
   */
  refusal(
    tenant: Pick<TenantSpec, 'id' | 'limits'>,
    now: number,
  ): { error: QuotaExceededError; model: string } | undefined {
    let longest: Exhausted | undefined;
    // Every window an interactive call of one text counts against, at the tenant's current limits.
    for (const check of quotaChecks(tenant.limits, { texts: 1, tokens: 1, kind: 'call' })) {
      const key = windowKey(tenant.id, check.definition.name);
      const entry = this.windows.get(key);
      if (!entry) continue;
      if (entry.until <= now || entry.error.max !== check.max) {
        this.windows.delete(key);
        continue;
      }
      if (!longest || entry.until > longest.until) longest = entry;
    }
    if (!longest) return undefined;
    const { error } = longest;
    return {
      // Any call asks for at least one of what the window counts.
      error: new QuotaExceededError(
        error.tenantId,
        error.limit,
        error.reason,
        error.max,
        1,
        0,
        Math.max(1, longest.until - now),
        true,
      ),
      model: longest.model,
    };
  }
}

const windowKey = (tenantId: string, limit: string) => `${tenantId}\n${limit}`;
