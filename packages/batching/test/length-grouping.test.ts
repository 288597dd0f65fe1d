import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchAssembler } from '../src/index.ts';
import { keysOf, text } from './support/pending-text-factory.ts';

describe("'length' ordering", () => {
  it('fills around the oldest text with the lengths that add the least padding', () => {
    const assembler = new BatchAssembler({
      maxBatchTexts: 4,
      maxBatchTokens: 4096,
      maxWaitMs: 0,
      ordering: 'length',
    });
    assembler.add([
      text('anchor', 50, 0),
      text('a10', 10, 1),
      text('a45', 45, 2),
      text('a48', 48, 3),
      text('a52', 52, 4),
      text('a60', 60, 5),
      text('a200', 200, 6),
    ]);
    // From 50: 52 adds 2, then 48 adds 4 (below the longest), then 45 adds 7 while 60 would add 24.
    assert.deepEqual(keysOf(assembler.next(0).batch), ['anchor', 'a45', 'a48', 'a52']);
  });

  it('grows towards longer texts while the padded budget allows, and no further', () => {
    const assembler = new BatchAssembler({
      maxBatchTexts: 32,
      maxBatchTokens: 300,
      maxWaitMs: 0,
      ordering: 'length',
    });
    assembler.add([
      text('anchor', 50, 0),
      text('b', 55, 1),
      text('c', 60, 2),
      text('d', 61, 3),
      text('e', 200, 4),
    ]);
    // 4 x 61 = 244 fits; adding 200 would pad to 1000.
    assert.deepEqual(keysOf(assembler.next(0).batch), ['anchor', 'b', 'c', 'd']);
    assert.deepEqual(keysOf(assembler.next(0).batch), ['e']);
  });

  it('prefers the older of two equally good neighbours', () => {
    const assembler = new BatchAssembler({
      maxBatchTexts: 2,
      maxBatchTokens: 4096,
      maxWaitMs: 0,
      ordering: 'length',
    });
    assembler.add([text('anchor', 30, 0), text('young', 30, 5), text('old', 30, 1)]);
    assert.deepEqual(keysOf(assembler.next(0).batch), ['anchor', 'old']);
  });

  it('leaves out texts that would push padded/real above maxPaddingRatio', () => {
    const assembler = new BatchAssembler({
      maxBatchTexts: 32,
      maxBatchTokens: 4096,
      maxWaitMs: 0,
      ordering: 'length',
      maxPaddingRatio: 1.25,
    });
    assembler.add([text('anchor', 100, 0), text('near', 90, 1), text('far', 20, 2)]);
    // With 20: 300 padded for 210 real (1.43); without it 200 for 190 (1.05).
    assert.deepEqual(keysOf(assembler.next(0).batch), ['anchor', 'near']);
  });
});
