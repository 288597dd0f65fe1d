import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerRestartPolicy } from '../src/worker-restart-policy.ts';

const settings = { maxCrashes: 3, windowMs: 60_000, firstDelayMs: 1000, maxDelayMs: 3000 };

describe('WorkerRestartPolicy', () => {
  it('restarts with a doubling delay, capped, while crashes stay under the bound', () => {
    const policy = new WorkerRestartPolicy({ ...settings, maxCrashes: 5 });
    assert.deepEqual(policy.crashed(0), { restart: true, delayMs: 1000, crashesInWindow: 1 });
    assert.deepEqual(policy.crashed(10), { restart: true, delayMs: 2000, crashesInWindow: 2 });
    assert.deepEqual(policy.crashed(20), { restart: true, delayMs: 3000, crashesInWindow: 3 });
  });

  it('gives up at the bound within the window', () => {
    const policy = new WorkerRestartPolicy(settings);
    policy.crashed(0);
    policy.crashed(1000);
    assert.deepEqual(policy.crashed(2000), { restart: false, crashesInWindow: 3 });
  });

  it('forgets crashes older than the window: a worker that crashes now and then is always restarted', () => {
    const policy = new WorkerRestartPolicy(settings);
    for (let i = 0; i < 10; i++) {
      const decision = policy.crashed(i * 61_000);
      assert.deepEqual(decision, { restart: true, delayMs: 1000, crashesInWindow: 1 });
    }
  });
});
