import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { RedisServerFixture } from '@sieve/testing';
import type { QuotaExceededError } from '../src/index.ts';
import { QuotaLedger, type Admission, type TenantLimits } from '../src/index.ts';

let server: RedisServerFixture;
let redis: Redis;
let ledger: QuotaLedger;
let clock = Date.parse('2026-11-26T10:00:00Z');
let tenantCount = 0;

before(async () => {
  server = await RedisServerFixture.start();
  redis = new Redis(server.url);
  ledger = new QuotaLedger({ redis, prefix: '{q}', now: () => clock });
});
after(async () => {
  redis.disconnect();
  await server.close();
});

/** A fresh tenant per test, so counters never carry over. */
function tenant(limits: TenantLimits) {
  return { id: `t${++tenantCount}`, limits };
}

function rejected(admission: Admission): QuotaExceededError {
  assert.equal(admission.admitted, false, 'expected a rejection');
  if (admission.admitted) assert.fail();
  return admission.error;
}

function admitted(admission: Admission) {
  if (!admission.admitted) assert.fail(`expected admission, got ${admission.error.message}`);
  return admission;
}

describe('QuotaLedger', () => {
  for (const [limit, limits, request, times] of [
    ['requests-per-second', { requestsPerSecond: 3 }, { texts: 1 }, 3],
    ['requests-per-minute', { requestsPerMinute: 3 }, { texts: 1 }, 3],
    ['texts-per-minute', { textsPerMinute: 10 }, { texts: 5 }, 2],
    ['tokens-per-minute', { tokensPerMinute: 100 }, { texts: 1, tokens: 50 }, 2],
    ['max-concurrent-texts', { maxConcurrentTexts: 4 }, { texts: 2 }, 2],
  ] as const) {
    it(`${limit}: admits up to the limit, then rejects naming it with retryAfterMs > 0`, async () => {
      const t = tenant(limits);
      for (let i = 0; i < times; i++) admitted(await ledger.admit({ tenant: t, ...request }));
      const error = rejected(await ledger.admit({ tenant: t, ...request }));
      assert.equal(error.limit, limit);
      assert.equal(error.reason, `QUOTA_${limit.toUpperCase().replaceAll('-', '_')}`);
      assert.ok(error.retryAfterMs > 0);
      assert.equal(error.retryable, true);
      assert.equal(error.remaining, 0);
    });
  }

  it('reports what is left of each limit', async () => {
    const result = admitted(
      await ledger.admit({ tenant: tenant({ textsPerMinute: 10, requestsPerSecond: 5 }), texts: 3 }),
    );
    const byLimit = Object.fromEntries(result.remaining.map((entry) => [entry.limit, entry.remaining]));
    assert.deepEqual(byLimit, { 'requests-per-second': 4, 'texts-per-minute': 7 });
    assert.ok(result.remaining.every((entry) => (entry.resetMs ?? 0) > 0));
  });

  it('per-call bounds reject without retry and consume nothing', async () => {
    const t = tenant({ maxTextsPerCall: 4, textsPerMinute: 10 });
    const error = rejected(await ledger.admit({ tenant: t, texts: 5 }));
    assert.equal(error.limit, 'max-texts-per-call');
    assert.equal(error.retryable, false);
    admitted(await ledger.admit({ tenant: t, texts: 4 }));
    admitted(await ledger.admit({ tenant: t, texts: 4 }));
    const batch = tenant({ maxBatchTexts: 100 });
    assert.equal(
      rejected(await ledger.admit({ tenant: batch, texts: 101, kind: 'batch' })).limit,
      'max-batch-texts',
    );
  });

  it('a rejection consumes none of the other limits', async () => {
    const t = tenant({
      textsPerMinute: 10,
      requestsPerMinute: 100,
      tokensPerMinute: 1000,
      maxConcurrentTexts: 100,
    });
    admitted(await ledger.admit({ tenant: t, texts: 8, tokens: 10 }));
    for (let i = 0; i < 5; i++) {
      assert.equal(
        rejected(await ledger.admit({ tenant: t, texts: 5, tokens: 10 })).limit,
        'texts-per-minute',
      );
    }
    const result = admitted(await ledger.admit({ tenant: t, texts: 2, tokens: 10 }));
    const byLimit = Object.fromEntries(result.remaining.map((entry) => [entry.limit, entry.remaining]));
    assert.deepEqual(byLimit, {
      'requests-per-minute': 98,
      'texts-per-minute': 0,
      'tokens-per-minute': 980,
      'max-concurrent-texts': 90,
    });
  });

  it('concurrency leases are given back on release and lapse after their TTL', async () => {
    const t = tenant({ maxConcurrentTexts: 3 });
    const first = admitted(await ledger.admit({ tenant: t, texts: 3 }));
    assert.equal(first.leases.length, 1);
    rejected(await ledger.admit({ tenant: t, texts: 1 }));
    assert.equal(await ledger.release(first.leases[0]!), true);
    assert.equal(await ledger.release(first.leases[0]!), false, 'release is idempotent');
    // A "crashed" holder: never released, its lease lapses. A TTL of a second, not less: the refusal right after
    // must come while the lease still holds, however slowly a busy machine runs the two calls.
    admitted(await ledger.admit({ tenant: t, texts: 3, leaseTtlMs: 1000 }));
    rejected(await ledger.admit({ tenant: t, texts: 1 }));
    // A deadline against a hang only.
    const deadline = Date.now() + 30_000;
    let admission: Admission;
    do {
      await sleep(50);
      admission = await ledger.admit({ tenant: t, texts: 3, leaseTtlMs: 60_000 });
    } while (!admission.admitted && Date.now() < deadline);
    const renewed = admitted(admission);
    assert.equal(await ledger.renew(renewed.leases[0]!, 60_000), true);
  });

  it('max concurrent batches holds one slot per batch', async () => {
    const t = tenant({ maxConcurrentBatches: 1, maxBatchTexts: 1000 });
    const first = admitted(await ledger.admit({ tenant: t, texts: 500, kind: 'batch' }));
    assert.equal(
      rejected(await ledger.admit({ tenant: t, texts: 1, kind: 'batch' })).limit,
      'max-concurrent-batches',
    );
    await ledger.release(first.leases[0]!);
    admitted(await ledger.admit({ tenant: t, texts: 1, kind: 'batch' }));
  });

  it('texts per day resets at UTC midnight and says so', async () => {
    clock = Date.parse('2026-11-26T23:59:00Z');
    const t = tenant({ textsPerDay: 10 });
    admitted(await ledger.admit({ tenant: t, texts: 10 }));
    const error = rejected(await ledger.admit({ tenant: t, texts: 1 }));
    assert.equal(error.limit, 'texts-per-day');
    assert.equal(error.retryAfterMs, 60_000);
    clock = Date.parse('2026-11-27T00:00:01Z');
    admitted(await ledger.admit({ tenant: t, texts: 10 }));
  });

  it('two gateways admit within ±5% of texts-per-minute under concurrency', async (context) => {
    const limit = 1000;
    const t = tenant({ textsPerMinute: limit, maxConcurrentTexts: 100_000, requestsPerSecond: 100_000 });
    const connections = [new Redis(server.url), new Redis(server.url)];
    try {
      const gateways = connections.map((connection) => new QuotaLedger({ redis: connection, prefix: '{q}' }));
      let admittedTexts = 0;
      let attempts = 0;
      // 3000 attempts of 1..5 texts from 60 concurrent clients split over two gateways.
      await Promise.all(
        Array.from({ length: 60 }, async (_, client) => {
          const gateway = gateways[client % 2]!;
          for (let i = 0; i < 50; i++) {
            const texts = 1 + ((client + i) % 5);
            attempts++;
            const admission = await gateway.admit({ tenant: t, texts });
            if (admission.admitted) {
              admittedTexts += texts;
              await gateway.release(admission.leases[0]!);
            }
          }
        }),
      );
      context.diagnostic(`admitted ${admittedTexts} texts of ${limit} from ${attempts} attempts`);
      assert.equal(attempts, 3000);
      assert.ok(Math.abs(admittedTexts - limit) <= limit * 0.05, `admitted ${admittedTexts} of ${limit}`);
      assert.ok(admittedTexts <= limit, 'never more than the limit within one window');
    } finally {
      connections.forEach((connection) => connection.disconnect());
    }
  });
});
