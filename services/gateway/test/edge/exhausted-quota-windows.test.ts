import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QuotaExceededError, type TenantLimits } from '@sieve/tenancy';
import { ExhaustedQuotaWindows } from '../../src/edge/exhausted-quota-windows.ts';

const tenant = (limits: TenantLimits, id = 'acme') => ({ id, limits });
/** The ledger's refusal: `limit` used up (remaining 0) for `retryAfterMs`. */
const usedUp = (limit: string, max: number, retryAfterMs: number, remaining = 0, id = 'acme') =>
  new QuotaExceededError(id, limit, `QUOTA_${limit}`, max, 1, remaining, retryAfterMs, true);

describe('ExhaustedQuotaWindows', () => {
  it('refuses every call until a window found used up resets, then forgets it', () => {
    const windows = new ExhaustedQuotaWindows();
    windows.remember(usedUp('requests-per-minute', 2, 30_000), 'tiny@1', 1_000);
    const refused = windows.refusal(tenant({ requestsPerMinute: 2 }), 11_000);
    assert.equal(refused?.error.limit, 'requests-per-minute');
    assert.equal(refused?.error.retryAfterMs, 20_000);
    assert.equal(refused?.error.remaining, 0);
    assert.equal(refused?.model, 'tiny@1');
    assert.equal(windows.refusal(tenant({ requestsPerMinute: 2 }), 31_000), undefined);
    assert.equal(
      windows.refusal(tenant({ requestsPerMinute: 2 }), 11_000),
      undefined,
      'forgotten once reset',
    );
  });

  it('remembers only windows with nothing left', () => {
    const windows = new ExhaustedQuotaWindows();
    // A large call refused with room left: a smaller one may still fit.
    windows.remember(usedUp('texts-per-minute', 100, 30_000, 40), 'm', 0);
    // Leases and per-call bounds are not windows.
    windows.remember(usedUp('max-concurrent-texts', 10, 1_000), 'm', 0);
    windows.remember(usedUp('max-texts-per-call', 10, 1), 'm', 0);
    const limits = { textsPerMinute: 100, maxConcurrentTexts: 10, maxTextsPerCall: 10 };
    assert.equal(windows.refusal(tenant(limits), 10), undefined);
  });

  it('forgets a window whose limit changed, and keeps tenants apart', () => {
    const windows = new ExhaustedQuotaWindows();
    windows.remember(usedUp('texts-per-day', 1000, 3_600_000), 'm', 0);
    assert.equal(windows.refusal(tenant({ textsPerDay: 1000 }, 'globex'), 10), undefined);
    assert.equal(windows.refusal(tenant({ textsPerDay: 5000 }), 10), undefined, 'raised by the operator');
    assert.equal(windows.refusal(tenant({ textsPerDay: 1000 }), 10), undefined, 'forgotten for good');
  });

  it('answers with the longest wait when several windows are used up', () => {
    const windows = new ExhaustedQuotaWindows();
    windows.remember(usedUp('requests-per-second', 5, 800), 'm', 0);
    windows.remember(usedUp('requests-per-minute', 60, 40_000), 'm', 0);
    const refused = windows.refusal(tenant({ requestsPerSecond: 5, requestsPerMinute: 60 }), 100);
    assert.equal(refused?.error.limit, 'requests-per-minute');
  });

  it('holds at most its bound of windows, dropping the oldest', () => {
    const windows = new ExhaustedQuotaWindows(2);
    for (const id of ['a', 'b', 'c'])
      windows.remember(usedUp('requests-per-minute', 1, 60_000, 0, id), 'm', 0);
    const limits = { requestsPerMinute: 1 };
    assert.equal(windows.refusal(tenant(limits, 'a'), 1), undefined);
    assert.ok(windows.refusal(tenant(limits, 'b'), 1));
    assert.ok(windows.refusal(tenant(limits, 'c'), 1));
  });
});
