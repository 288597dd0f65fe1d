import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchAssembler } from '../src/index.ts';
import { keysOf, text } from './support/pending-text-factory.ts';

const config = { maxBatchTexts: 8, maxBatchTokens: 512, maxWaitMs: 0, ordering: 'length' } as const;

describe('pending texts', () => {
  it('counts texts and real tokens as they are added, removed and batched', () => {
    const assembler = new BatchAssembler(config);
    assembler.add([text('a', 10), text('b', 20), text('c', 30)]);
    assert.equal(assembler.size, 3);
    assert.equal(assembler.pendingTokens, 60);
    assert.ok(assembler.has('b'));
    assert.deepEqual(keysOf(assembler.remove(['b', 'unknown'])), ['b']);
    assert.equal(assembler.has('b'), false);
    assert.equal(assembler.pendingTokens, 40);
    assert.deepEqual(keysOf(assembler.next(0).batch), ['a', 'c']);
    assert.equal(assembler.size, 0);
    assert.equal(assembler.pendingTokens, 0);
  });

  it('never batches a removed text', () => {
    const assembler = new BatchAssembler(config);
    assembler.add([text('keep', 10), text('cancelled', 10)]);
    assembler.remove(['cancelled']);
    assert.deepEqual(keysOf(assembler.next(0).batch), ['keep']);
  });

  it('adds nothing from a call that holds a duplicate or malformed text', () => {
    const assembler = new BatchAssembler(config);
    assembler.add([text('a', 10)]);
    assert.throws(
      () => assembler.add([text('b', 10), text('a', 10)]),
      /^Error: text 'a' is already pending$/,
    );
    assert.throws(() => assembler.add([text('c', 10), text('c', 12)]), /text 'c' is already pending/);
    assert.throws(
      () => assembler.add([text('d', 10), text('e', 0)]),
      /text 'e': tokens must be an integer >= 1, got 0/,
    );
    assert.throws(() => assembler.add([text('', 10)]), /non-empty string key/);
    assert.throws(
      () => assembler.add([text('f', 10, Number.NaN)]),
      /text 'f': enqueuedAt must be a finite number/,
    );
    assert.throws(
      () => assembler.add([text('g', 10, 0, { deadline: Number.NaN })]),
      /text 'g': deadline must be/,
    );
    assert.throws(
      () => assembler.add([text('h', 10, 0, { priority: Number.NaN })]),
      /text 'h': priority must be/,
    );
    assert.equal(assembler.size, 1);
  });
});
