// How long a request may wait for company: a share of what its queue's requests wait now, bounded, never at low load.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CoalescingHold } from '../src/coalescing-hold.ts';

const FAR = 1e12;

describe('CoalescingHold', () => {
  it('holds nothing until a reply says the queue makes requests wait', () => {
    const hold = new CoalescingHold({ maxMs: 10 });
    assert.equal(hold.holdMs('m\0t', FAR, 0), 0);
  });

  it('holds a tenth of the current wait, at most maxMs', () => {
    const hold = new CoalescingHold({ maxMs: 10 });
    hold.observe('m\0a', 40, 0);
    assert.equal(hold.holdMs('m\0a', FAR, 0), 4);
    hold.observe('m\0b', 500, 0);
    assert.equal(hold.holdMs('m\0b', FAR, 0), 10);
  });

  it('holds nothing at low load: a hold under minMs is not worth a timer', () => {
    const hold = new CoalescingHold({ maxMs: 10 });
    hold.observe('m\0t', 3, 0); // a lone call's round trip through Redis and the worker
    assert.equal(hold.holdMs('m\0t', FAR, 0), 0);
  });

  it('keeps queues apart: a flooding tenant does not make a light one wait', () => {
    const hold = new CoalescingHold({ maxMs: 10 });
    hold.observe('m\0flood', 800, 0);
    hold.observe('m\0light', 2, 0);
    assert.equal(hold.holdMs('m\0flood', FAR, 0), 10);
    assert.equal(hold.holdMs('m\0light', FAR, 0), 0);
  });

  it("never holds more than a tenth of the request's own remaining deadline", () => {
    const hold = new CoalescingHold({ maxMs: 10 });
    hold.observe('m\0t', 1000, 0);
    assert.equal(hold.holdMs('m\0t', 50, 0), 5);
    assert.equal(hold.holdMs('m\0t', 5, 0), 0);
  });

  it('follows the wait as it changes, smoothed', () => {
    const hold = new CoalescingHold({ maxMs: 100 });
    hold.observe('m\0t', 100, 0);
    hold.observe('m\0t', 200, 1);
    assert.equal(hold.holdMs('m\0t', FAR, 1), 12); // (100 + 0.2 x 100) / 10
    for (let i = 0; i < 40; i++) hold.observe('m\0t', 0, 2 + i);
    assert.equal(hold.holdMs('m\0t', FAR, 42), 0);
  });

  it('forgets a wait with no reply for a second: the backlog may be gone', () => {
    const hold = new CoalescingHold({ maxMs: 10 });
    hold.observe('m\0t', 500, 0);
    assert.equal(hold.holdMs('m\0t', FAR, 1000), 10);
    assert.equal(hold.holdMs('m\0t', FAR, 1001), 0);
    // A fresh wait starts over rather than being averaged with the forgotten one.
    hold.observe('m\0t', 20, 2000);
    assert.equal(hold.holdMs('m\0t', FAR, 2000), 2);
  });

  it('with maxMs 0 never holds', () => {
    const hold = new CoalescingHold({ maxMs: 0 });
    hold.observe('m\0t', 5000, 0);
    assert.equal(hold.holdMs('m\0t', FAR, 0), 0);
  });

  it('ignores a wait that is not a number', () => {
    const hold = new CoalescingHold({ maxMs: 10 });
    hold.observe('m\0t', Number.NaN, 0);
    assert.equal(hold.holdMs('m\0t', FAR, 0), 0);
  });
});
