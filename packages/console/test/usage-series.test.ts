import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { barGeometry, hourlySlots, usageSummaryOf } from '../src/usage-series.ts';

describe('usageSummaryOf', () => {
  it('sums the models of each hour, oldest first, and totals rejections by reason', () => {
    const summary = usageSummaryOf([
      {
        startTime: '2026-12-06T14:00:00Z',
        model: 'b',
        requests: '2',
        texts: '5',
        rejections: { quota: '1' },
      },
      { startTime: '2026-12-06T13:00:00Z', model: 'a', requests: '1', texts: '3', batchTexts: '10' },
      {
        startTime: '2026-12-06T14:00:00Z',
        model: 'a',
        requests: '1',
        texts: '1',
        rejections: { rate_limit: '4', quota: '2' },
      },
      { model: 'no start time: skipped', texts: '99' },
    ]);
    assert.deepEqual(summary.points, [
      { atMs: Date.parse('2026-12-06T13:00:00Z'), requests: 1, texts: 13, rejections: 0 },
      { atMs: Date.parse('2026-12-06T14:00:00Z'), requests: 3, texts: 6, rejections: 7 },
    ]);
    assert.deepEqual(summary.rejectionsByReason, [
      { reason: 'rate_limit', count: 4 },
      { reason: 'quota', count: 3 },
    ]);
    assert.equal(summary.texts, 19);
    assert.equal(summary.requests, 4);
  });
});

describe('barGeometry', () => {
  it('scales the largest value to the full height and spaces bars evenly', () => {
    const bars = barGeometry([5, 10, 0], 300, 100);
    assert.equal(bars.length, 3);
    assert.deepEqual(
      bars.map((bar) => [bar.h, bar.y]),
      [
        [50, 50],
        [100, 0],
        [0, 100],
      ],
    );
    assert.ok(bars[1]!.x > bars[0]!.x + bars[0]!.w, 'bars do not overlap');
    assert.deepEqual(barGeometry([], 300, 100), []);
  });
});

describe('hourlySlots', () => {
  it('gives the last day hour by hour, zeros where nothing was counted, the current hour last', () => {
    const now = Date.parse('2026-12-06T14:25:00Z');
    const point = { atMs: Date.parse('2026-12-06T12:00:00Z'), requests: 2, texts: 9, rejections: 1 };
    const slots = hourlySlots([point], now);
    assert.equal(slots.length, 24);
    assert.equal(slots[0]!.atMs, Date.parse('2026-12-05T15:00:00Z'));
    assert.equal(slots[23]!.atMs, Date.parse('2026-12-06T14:00:00Z'));
    assert.deepEqual(slots[21], point);
    assert.equal(
      slots.reduce((sum, slot) => sum + slot.texts, 0),
      9,
    );
  });
});
