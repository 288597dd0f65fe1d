import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageAccumulator } from '../src/index.ts';

const at = (iso: string) => new Date(iso);

describe('UsageAccumulator', () => {
  it('sums records per tenant, model and hour, rejections by reason, and stamps each sum with its hour', () => {
    const sums = new UsageAccumulator();
    sums.add({
      tenantId: 'acme',
      model: 'm@1',
      requests: 1,
      texts: 3,
      tokens: 40,
      inferenceMs: 2.5,
      time: at('2026-11-26T10:05:00Z'),
    });
    sums.add({
      tenantId: 'acme',
      model: 'm@1',
      requests: 1,
      texts: 2,
      tokens: 10,
      cachedTexts: 1,
      time: at('2026-11-26T10:59:59Z'),
    });
    sums.add({
      tenantId: 'acme',
      model: 'm@1',
      rejections: { QUOTA_TEXTS_PER_MINUTE: 1 },
      time: at('2026-11-26T10:30:00Z'),
    });
    sums.add({
      tenantId: 'acme',
      model: 'm@1',
      rejections: { QUOTA_TEXTS_PER_MINUTE: 2, INVALID: 1 },
      time: at('2026-11-26T10:31:00Z'),
    });
    sums.add({ tenantId: 'acme', model: 'm@1', requests: 1, time: at('2026-11-26T11:00:00Z') });
    sums.add({ tenantId: 'acme', model: 'other@1', requests: 1, time: at('2026-11-26T10:10:00Z') });
    sums.add({
      tenantId: 'globex',
      model: 'm@1',
      requests: 4,
      batchTexts: 7,
      time: at('2026-11-26T10:10:00Z'),
    });
    assert.equal(sums.size, 4);

    const taken = sums.take();
    assert.equal(sums.size, 0, 'take empties it');
    assert.deepEqual(
      taken.find(
        (r) =>
          r.tenantId === 'acme' && r.model === 'm@1' && r.time?.toISOString() === '2026-11-26T10:00:00.000Z',
      ),
      {
        tenantId: 'acme',
        model: 'm@1',
        time: at('2026-11-26T10:00:00Z'),
        requests: 2,
        texts: 5,
        tokens: 50,
        inferenceMs: 2.5,
        cachedTexts: 1,
        rejections: { QUOTA_TEXTS_PER_MINUTE: 3, INVALID: 1 },
      },
    );
    assert.deepEqual(
      taken.find((r) => r.tenantId === 'acme' && r.time?.toISOString() === '2026-11-26T11:00:00.000Z'),
      { tenantId: 'acme', model: 'm@1', time: at('2026-11-26T11:00:00Z'), requests: 1 },
    );
    assert.deepEqual(
      taken.find((r) => r.tenantId === 'globex'),
      { tenantId: 'globex', model: 'm@1', time: at('2026-11-26T10:00:00Z'), requests: 4, batchTexts: 7 },
    );
    assert.deepEqual(sums.take(), []);
  });

  it('dates a record without a time by the clock it was given', () => {
    const sums = new UsageAccumulator(() => Date.parse('2026-11-26T23:59:59.999Z'));
    sums.add({ tenantId: 'acme', model: 'm@1', texts: 1 });
    assert.deepEqual(sums.take(), [
      { tenantId: 'acme', model: 'm@1', time: at('2026-11-26T23:00:00Z'), texts: 1 },
    ]);
  });
});
