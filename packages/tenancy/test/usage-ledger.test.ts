import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { RedisServerFixture } from '@sieve/testing';
import { QuotaLedger, UsageLedger } from '../src/index.ts';

let server: RedisServerFixture;
let redis: Redis;
let usage: UsageLedger;
const now = Date.parse('2026-11-26T12:30:00Z');

before(async () => {
  server = await RedisServerFixture.start();
  redis = new Redis(server.url);
  usage = new UsageLedger({ redis, prefix: '{u}', now: () => now });
});
after(async () => {
  redis.disconnect();
  await server.close();
});

describe('UsageLedger', () => {
  it('records per tenant and model and reads hourly and daily buckets in time order', async () => {
    await usage.recordMany([
      {
        tenantId: 'acme',
        model: 'sentiment',
        requests: 1,
        texts: 3,
        tokens: 40,
        inferenceMs: 2.5,
        time: new Date('2026-11-26T10:05:00Z'),
      },
      {
        tenantId: 'acme',
        model: 'sentiment',
        requests: 1,
        texts: 2,
        tokens: 10,
        cachedTexts: 1,
        time: new Date('2026-11-26T10:55:00Z'),
      },
      {
        tenantId: 'acme',
        model: 'spam',
        requests: 1,
        texts: 1,
        batchTexts: 1,
        time: new Date('2026-11-26T11:00:00Z'),
      },
      {
        tenantId: 'acme',
        model: 'spam',
        rejections: { QUOTA_TEXTS_PER_MINUTE: 2 },
        time: new Date('2026-11-25T23:00:00Z'),
      },
      { tenantId: 'other', model: 'spam', requests: 7, texts: 7, time: new Date('2026-11-26T11:00:00Z') },
    ]);
    await usage.record({ tenantId: 'acme', model: 'spam', requests: 1, texts: 4 }); // now: 12:30

    const hourly = await usage.read({ tenantId: 'acme', since: new Date('2026-11-26T00:00:00Z') });
    assert.deepEqual(
      hourly.map((bucket) => [bucket.start.toISOString(), bucket.model, bucket.texts]),
      [
        ['2026-11-26T10:00:00.000Z', 'sentiment', 5],
        ['2026-11-26T11:00:00.000Z', 'spam', 1],
        ['2026-11-26T12:00:00.000Z', 'spam', 4],
      ],
    );
    assert.deepEqual(hourly[0], {
      start: new Date('2026-11-26T10:00:00Z'),
      model: 'sentiment',
      requests: 2,
      texts: 5,
      tokens: 50,
      inferenceMs: 2.5,
      rejections: {},
      batchTexts: 0,
      cachedTexts: 1,
    });

    const daily = await usage.read({
      tenantId: 'acme',
      model: 'spam',
      since: new Date('2026-11-25T00:00:00Z'),
      granularity: 'day',
    });
    assert.deepEqual(
      daily.map((bucket) => [bucket.start.toISOString(), bucket.texts, bucket.rejections]),
      [
        ['2026-11-25T00:00:00.000Z', 0, { QUOTA_TEXTS_PER_MINUTE: 2 }],
        ['2026-11-26T00:00:00.000Z', 5, {}],
      ],
    );
    const other = await usage.read({
      tenantId: 'other',
      since: new Date('2026-11-25T00:00:00Z'),
      granularity: 'day',
    });
    assert.deepEqual(
      other.map((bucket) => bucket.texts),
      [7],
      'one tenant never sees another tenant',
    );

    const key = '{u}:tenancy:data:acme:usage:day:2026-11-26:spam';
    assert.ok((await redis.ttl(key)) > 399 * 86_400);
    assert.ok((await redis.ttl('{u}:tenancy:data:acme:usage:hour:2026-11-26T11:spam')) <= 35 * 86_400);
  });

  it('purges all of one tenant’s data (usage and quota state) and nothing else', async () => {
    await usage.record({ tenantId: 'acme-2', model: 'spam', texts: 1 });
    const quotas = new QuotaLedger({ redis, prefix: '{u}' });
    assert.ok(
      (
        await quotas.admit({
          tenant: { id: 'acme', limits: { textsPerMinute: 5, maxConcurrentTexts: 5 } },
          texts: 1,
        })
      ).admitted,
    );
    const deleted = await usage.purgeTenant('acme');
    assert.ok(deleted >= 8, `deleted ${deleted}`);
    assert.deepEqual(await redis.keys('{u}:tenancy:data:acme:*'), []);
    assert.deepEqual(
      await usage.read({ tenantId: 'acme', since: new Date('2026-11-20T00:00:00Z'), granularity: 'day' }),
      [],
    );
    assert.equal(
      (await usage.read({ tenantId: 'acme-2', since: new Date('2026-11-26T00:00:00Z') })).length,
      1,
    );
    assert.equal(
      (await usage.read({ tenantId: 'other', since: new Date('2026-11-26T00:00:00Z') })).length,
      1,
    );
  });
});
