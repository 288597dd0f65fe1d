import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bucketLabel,
  bucketStart,
  bucketStartsBetween,
  impossibleDemand,
  msUntilNextUtcDay,
  quotaChecks,
  remainingHeaderName,
  tightestRemaining,
  tightestShortfall,
  utcDayLabel,
  type QuotaShortfall,
} from '../src/index.ts';

describe('quota arithmetic', () => {
  it('plans only the limits that are set, with the right amounts', () => {
    const checks = quotaChecks(
      {
        requestsPerSecond: 5,
        textsPerMinute: 100,
        tokensPerMinute: 1000,
        maxConcurrentTexts: 50,
        maxBatchTexts: 9,
      },
      { texts: 7, tokens: 300 },
    );
    assert.deepEqual(
      checks.map((check) => [check.definition.name, check.amount, check.max]),
      [
        ['requests-per-second', 1, 5],
        ['texts-per-minute', 7, 100],
        ['tokens-per-minute', 300, 1000],
        ['max-concurrent-texts', 7, 50],
      ],
    );
    assert.deepEqual(
      quotaChecks({ tokensPerMinute: 10 }, { texts: 1 }).map((check) => check.definition.name),
      [],
      'unknown tokens are not counted',
    );
    assert.deepEqual(
      quotaChecks(
        { maxBatchTexts: 9, maxConcurrentBatches: 2, textsPerMinute: 1 },
        { texts: 5, kind: 'batch' },
      ).map((check) => check.definition.name),
      ['max-batch-texts', 'max-concurrent-batches'],
    );
  });

  it('rejects demands no wait can satisfy, without retry', () => {
    const perCall = impossibleDemand(quotaChecks({ maxTextsPerCall: 4 }, { texts: 5 }));
    assert.equal(perCall?.limit, 'max-texts-per-call');
    assert.equal(perCall?.retryable, false);
    assert.equal(
      impossibleDemand(quotaChecks({ textsPerMinute: 4 }, { texts: 5 }))?.limit,
      'texts-per-minute',
    );
    assert.equal(
      impossibleDemand(quotaChecks({ textsPerMinute: 5, maxTextsPerCall: 5 }, { texts: 5 })),
      undefined,
    );
  });

  it('reports the limit that keeps a request out longest', () => {
    const shortfall = (
      limit: QuotaShortfall['limit'],
      retryAfterMs: number,
      retryable = true,
    ): QuotaShortfall => ({
      limit,
      reason: '',
      max: 1,
      requested: 1,
      remaining: 0,
      retryAfterMs,
      retryable,
    });
    assert.equal(
      tightestShortfall([
        shortfall('requests-per-second', 500),
        shortfall('texts-per-day', 9000),
        shortfall('texts-per-minute', 20),
      ])?.limit,
      'texts-per-day',
    );
    assert.equal(
      tightestShortfall([shortfall('texts-per-day', 9000), shortfall('max-texts-per-call', 1, false)])?.limit,
      'max-texts-per-call',
    );
    assert.equal(
      tightestRemaining([
        { limit: 'texts-per-minute', max: 100, remaining: 50 },
        { limit: 'requests-per-second', max: 10, remaining: 2 },
      ])?.limit,
      'requests-per-second',
    );
    assert.equal(remainingHeaderName('texts-per-minute'), 'x-ratelimit-remaining-texts-per-minute');
  });

  it('computes UTC hour and day buckets', () => {
    const t = Date.parse('2026-11-26T23:59:30.500Z');
    assert.equal(bucketStart(t, 'hour').toISOString(), '2026-11-26T23:00:00.000Z');
    assert.equal(bucketStart(t, 'day').toISOString(), '2026-11-26T00:00:00.000Z');
    assert.equal(bucketLabel(bucketStart(t, 'hour'), 'hour'), '2026-11-26T23');
    assert.equal(utcDayLabel(t), '2026-11-26');
    assert.equal(msUntilNextUtcDay(t), 29_500);
    assert.equal(msUntilNextUtcDay(Date.parse('2026-11-27T00:00:00Z')), 86_400_000);
    assert.deepEqual(
      bucketStartsBetween(new Date('2026-11-26T22:10:00Z'), new Date('2026-11-27T00:00:00Z'), 'hour').map(
        (d) => d.toISOString(),
      ),
      ['2026-11-26T22:00:00.000Z', '2026-11-26T23:00:00.000Z', '2026-11-27T00:00:00.000Z'],
    );
  });
});
