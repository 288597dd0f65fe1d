import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchAssembler } from '../src/index.ts';
import { text } from './support/pending-text-factory.ts';

// What the worker asks before sending a batch past the ones in flight: is some tenant with nothing in flight waiting?
describe('BatchAssembler.hasPendingOutside', () => {
  const assembler = () =>
    new BatchAssembler({ maxBatchTexts: 8, maxBatchTokens: 4096, maxWaitMs: 0, ordering: 'length' });

  it('finds a text of a tenant outside the given set, and none when every pending tenant is in it', () => {
    const batches = assembler();
    assert.equal(batches.hasPendingOutside(new Set(['flood'])), false, 'nothing pending');
    batches.add([text('a1', 10, 0, { tenant: 'flood' }), text('a2', 10, 1, { tenant: 'flood' })]);
    assert.equal(batches.hasPendingOutside(new Set(['flood'])), false);
    batches.add([text('b1', 10, 2, { tenant: 'light' })]);
    assert.equal(batches.hasPendingOutside(new Set(['flood'])), true);
    assert.equal(batches.hasPendingOutside(new Set(['flood', 'light'])), false);
    // Texts without a tenant are a tenant of their own.
    batches.add([text('open', 10, 3)]);
    assert.equal(batches.hasPendingOutside(new Set(['flood', 'light'])), true);
    assert.equal(batches.hasPendingOutside(new Set(['flood', 'light', undefined])), false);
  });

  it('looks only at the best priority class pending, and only if it is no worse than asked', () => {
    const batches = assembler();
    batches.add([
      text('flood', 10, 0, { tenant: 'flood', priority: 1 }),
      text('bulk', 10, 1, { tenant: 'light', priority: 3 }),
    ]);
    // The light tenant's bulk text is not what the next batch would hold.
    assert.equal(batches.hasPendingOutside(new Set(['flood'])), false);
    batches.remove(['flood']); // its batch went to the thread
    // Now it is, but not when interactive work (priority 1) is in flight: bulk work never passes it.
    assert.equal(batches.hasPendingOutside(new Set(['flood']), 1), false);
    assert.equal(batches.hasPendingOutside(new Set(['flood']), 3), true);
  });
});
