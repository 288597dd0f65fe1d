import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchAssembler } from '../src/index.ts';
import { keysOf, text } from './support/pending-text-factory.ts';

const config = { maxBatchTexts: 8, maxBatchTokens: 512, maxWaitMs: 5, ordering: 'length' } as const;

describe('deadline expiry', () => {
  it('returns texts whose deadline has passed in expired, never in the batch', () => {
    const assembler = new BatchAssembler(config);
    assembler.add([
      text('late', 30, 0, { deadline: 10 }),
      text('fine', 30, 0, { deadline: 100 }),
      text('free', 30, 0),
    ]);
    const result = assembler.next(20);
    assert.deepEqual(keysOf(result.expired), ['late']);
    assert.deepEqual(keysOf(result.batch), ['fine', 'free']);
    assert.equal(assembler.size, 0);
  });

  it('treats a deadline equal to now as passed', () => {
    const assembler = new BatchAssembler(config);
    assembler.add([text('a', 30, 0, { deadline: 3 })]);
    assert.deepEqual(assembler.next(3), {
      status: 'idle',
      batch: [],
      expired: [text('a', 30, 0, { deadline: 3 })],
    });
  });

  it('reports expired texts even while the rest keeps waiting', () => {
    const assembler = new BatchAssembler(config);
    assembler.add([text('late', 30, 0, { deadline: 1 }), text('young', 30, 1)]);
    const result = assembler.next(2);
    assert.equal(result.status, 'waiting');
    assert.deepEqual(keysOf(result.expired), ['late']);
    assert.equal(
      result.status === 'waiting' && result.waitMs,
      4,
      'the wait now counts from the oldest live text',
    );
  });

  it('reports each expired text once', () => {
    const assembler = new BatchAssembler(config);
    assembler.add([text('late', 30, 0, { deadline: 1 })]);
    assert.equal(assembler.next(2).expired.length, 1);
    assert.equal(assembler.next(3).expired.length, 0);
  });
});
