import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchAssembler } from '../src/index.ts';
import { keysOf, text } from './support/pending-text-factory.ts';

describe("'fifo' ordering", () => {
  it('takes texts in arrival order exactly, whatever their lengths', () => {
    const assembler = new BatchAssembler({
      maxBatchTexts: 4,
      maxBatchTokens: 4096,
      maxWaitMs: 0,
      ordering: 'fifo',
    });
    const lengths = [50, 3, 400, 7, 120, 9, 9, 300, 12];
    // Added out of order: enqueuedAt decides, and equal enqueuedAt keeps the order of add().
    assembler.add(lengths.map((tokens, i) => text(`t${i}`, tokens, i === 0 ? 0 : 1)).reverse());
    const order: string[] = [];
    while (assembler.size > 0) order.push(...keysOf(assembler.next(10).batch));
    assert.deepEqual(order, ['t0', 't8', 't7', 't6', 't5', 't4', 't3', 't2', 't1']);
  });

  it('stops at the first text that does not fit instead of skipping it', () => {
    const assembler = new BatchAssembler({
      maxBatchTexts: 8,
      maxBatchTokens: 256,
      maxWaitMs: 0,
      ordering: 'fifo',
    });
    assembler.add([text('a', 10, 0), text('b', 100, 1), text('c', 10, 2), text('d', 10, 3)]);
    assert.deepEqual(keysOf(assembler.next(5).batch), ['a', 'b']);
    assert.deepEqual(keysOf(assembler.next(5).batch), ['c', 'd']);
  });
});
