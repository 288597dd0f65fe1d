import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { batchProgressOf, isFinishedState } from '../src/batch-progress.ts';

const start = Date.parse('2026-12-06T14:00:00Z');

describe('batchProgressOf', () => {
  it('takes the server ETA when the batch carries one', () => {
    const progress = batchProgressOf(
      { state: 'BATCH_STATE_RUNNING', totalCount: '1000', doneCount: '250', failedCount: '0', eta: '30s' },
      start,
    );
    assert.deepEqual(progress, {
      done: 250,
      failed: 0,
      total: 1000,
      percent: 25,
      etaSeconds: 30,
      finished: false,
    });
  });

  it('estimates from the rate since the start when there is no server ETA', () => {
    const progress = batchProgressOf(
      {
        state: 'BATCH_STATE_RUNNING',
        totalCount: '1000',
        doneCount: '250',
        startTime: '2026-12-06T14:00:00Z',
      },
      start + 10_000,
    );
    assert.equal(progress.etaSeconds, 30, '25 texts/s, 750 to go');
  });

  it('never shows 100% before the end, 100% once succeeded, and no ETA once ended', () => {
    const almost = batchProgressOf(
      { state: 'BATCH_STATE_RUNNING', totalCount: '1000', doneCount: '1000' },
      start,
    );
    assert.equal(almost.percent, 99);
    const cancelled = batchProgressOf(
      { state: 'BATCH_STATE_CANCELLED', totalCount: '1000', doneCount: '10', eta: '5s' },
      start,
    );
    assert.equal(cancelled.percent, 1, 'a cancelled job shows where it stopped');
    assert.equal(cancelled.etaSeconds, undefined);
    const succeeded = batchProgressOf(
      { state: 'BATCH_STATE_SUCCEEDED', totalCount: '10', doneCount: '9', failedCount: '1' },
      start,
    );
    assert.equal(succeeded.percent, 100);
    const queued = batchProgressOf({ state: 'BATCH_STATE_QUEUED', totalCount: '0' }, start);
    assert.equal(queued.percent, 0);
    assert.equal(queued.etaSeconds, undefined);
  });

  it('knows the end states', () => {
    assert.ok(isFinishedState('BATCH_STATE_SUCCEEDED'));
    assert.ok(isFinishedState('BATCH_STATE_FAILED'));
    assert.ok(isFinishedState('BATCH_STATE_CANCELLED'));
    assert.ok(!isFinishedState('BATCH_STATE_RUNNING'));
    assert.ok(!isFinishedState(undefined));
  });
});
