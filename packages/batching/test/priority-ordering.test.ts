import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchAssembler, type BatchOrdering } from '../src/index.ts';
import { keysOf, text } from './support/pending-text-factory.ts';

function assembler(ordering: BatchOrdering, maxBatchTexts = 2) {
  return new BatchAssembler({ maxBatchTexts, maxBatchTokens: 4096, maxWaitMs: 0, ordering });
}

describe('priority ordering', () => {
  for (const ordering of ['length', 'fifo'] as const) {
    it(`runs a better class before an older worse one ('${ordering}')`, () => {
      const batches = assembler(ordering);
      batches.add([
        text('low-old', 30, 0, { priority: 2 }),
        text('low-older', 30, -1, { priority: 2 }),
        text('high-1', 30, 5, { priority: 0 }),
        text('high-2', 30, 6, { priority: 0 }),
        text('normal', 30, 4),
      ]);
      assert.deepEqual(keysOf(batches.next(10).batch), ['high-1', 'high-2']);
      assert.deepEqual(keysOf(batches.next(10).batch), ['low-older', 'normal']);
      assert.deepEqual(keysOf(batches.next(10).batch), ['low-old']);
    });
  }

  it('lets worse classes fill room no better text can use, closest length first', () => {
    const batches = assembler('length', 4);
    batches.add([
      text('high', 40, 5, { priority: 0 }),
      text('batch-job-far', 400, 0, { priority: 3 }),
      text('batch-job-near', 38, 0, { priority: 3 }),
      text('low-near', 35, 1, { priority: 2 }),
      text('low-nearer', 41, 2, { priority: 2 }),
    ]);
    const released = batches.next(10);
    assert.deepEqual(keysOf(released.batch), ['batch-job-near', 'low-near', 'low-nearer', 'high']);
  });

  it('treats a text without priority as the default class, 1 unless configured', () => {
    const batches = new BatchAssembler({
      maxBatchTexts: 1,
      maxBatchTokens: 4096,
      maxWaitMs: 0,
      ordering: 'length',
      defaultPriority: 3,
    });
    batches.add([text('unmarked', 30, 0), text('low', 30, 1, { priority: 2 })]);
    assert.deepEqual(keysOf(batches.next(10).batch), ['low']);
  });
});
