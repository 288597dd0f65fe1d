import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  enumLabel,
  formatAge,
  formatCount,
  formatSeconds,
  formatTimestamp,
  secondsOfDuration,
  shortDigest,
} from '../src/display-values.ts';

describe('display values', () => {
  it('reads uint64 strings and writes counts with thousands separators', () => {
    assert.equal(formatCount('1234567'), '1,234,567');
    assert.equal(formatCount(12), '12');
    assert.equal(formatCount(undefined), '0');
    assert.equal(formatCount('not a number'), '0');
  });

  it('reads proto3 JSON Durations and writes waits a person reads', () => {
    assert.equal(secondsOfDuration('1.500s'), 1.5);
    assert.equal(secondsOfDuration('3s'), 3);
    assert.equal(secondsOfDuration('3'), undefined);
    assert.equal(formatSeconds(0.42), '0.4 s');
    assert.equal(formatSeconds(42.4), '42 s');
    assert.equal(formatSeconds(185), '3 min 5 s');
    assert.equal(formatSeconds(2 * 3600 + 600), '2 h 10 min');
    assert.equal(formatSeconds(3 * 86400 + 7200), '3 d 2 h');
    assert.equal(formatSeconds(undefined), '—');
    assert.equal(formatSeconds(-1), '—');
  });

  it('shortens digests, names enum values and writes times in UTC', () => {
    assert.equal(shortDigest(`sha256:${'ab'.repeat(32)}`), 'abababababab…');
    assert.equal(shortDigest(''), '—');
    assert.equal(enumLabel('MODEL_STATE_READY', 'MODEL_STATE_'), 'ready');
    assert.equal(enumLabel('PRIORITY_HIGH', 'PRIORITY_'), 'high');
    assert.equal(formatTimestamp('2026-12-06T14:03:59.123Z'), '2026-12-06 14:03:59 UTC');
    assert.equal(formatAge('2026-12-06T14:00:00Z', Date.parse('2026-12-06T14:00:12Z')), '12 s ago');
    assert.equal(formatAge(undefined, 0), '—');
  });
});
