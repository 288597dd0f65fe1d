import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jobLockTiming } from '../src/job-lock-timing.ts';

describe('jobLockTiming', () => {
  it("ends an idle fetch before a frozen worker's earliest lock lapse (lockDuration / 2)", () => {
    for (const [lock, stalled] of [
      [3000, 1000],
      [2000, 1000],
      [1000, 500],
      [10_000, 5000],
      [60_000, 30_000],
    ] as const) {
      const timing = jobLockTiming(lock, stalled);
      assert.ok(timing.drainDelay > 0);
      assert.ok(timing.drainDelay * 1000 < lock / 2, `${lock}/${stalled}: ${timing.drainDelay} s`);
      assert.ok(timing.drainDelay * 1000 <= stalled);
    }
  });

  it('keeps BullMQ default fetch (5 s) for long locks, and passes the lock settings through', () => {
    assert.deepEqual(jobLockTiming(60_000, 30_000), {
      lockDuration: 60_000,
      stalledInterval: 30_000,
      drainDelay: 5,
    });
    assert.equal(jobLockTiming(3000, 1000).drainDelay, 1);
  });
});
