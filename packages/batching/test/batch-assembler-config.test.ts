import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchAssembler, BatchAssemblerConfigError, type BatchAssemblerConfig } from '../src/index.ts';

const valid: BatchAssemblerConfig = {
  maxBatchTexts: 32,
  maxBatchTokens: 512,
  maxWaitMs: 3,
  ordering: 'length',
};

function rejects(change: Record<string, unknown>, message: RegExp) {
  assert.throws(
    () => new BatchAssembler({ ...valid, ...change } as unknown as BatchAssemblerConfig),
    (error: unknown) => error instanceof BatchAssemblerConfigError && message.test(error.message),
  );
}

describe('batch assembler config', () => {
  it('accepts a valid config and fills the defaults', () => {
    const { config } = new BatchAssembler(valid);
    assert.deepEqual(config, { ...valid, maxPaddingRatio: Number.POSITIVE_INFINITY, defaultPriority: 1 });
  });

  it('names the field and the bad value', () => {
    rejects({ maxBatchTexts: 0 }, /^maxBatchTexts must be an integer >= 1, got 0$/);
    rejects({ maxBatchTexts: 2.5 }, /^maxBatchTexts must be an integer >= 1, got 2.5$/);
    rejects({ maxBatchTokens: undefined }, /^maxBatchTokens must be an integer >= 1, got undefined$/);
    rejects({ maxBatchTokens: -512 }, /^maxBatchTokens must be an integer >= 1, got -512$/);
    rejects({ maxWaitMs: -1 }, /^maxWaitMs must be a finite number of milliseconds >= 0, got -1$/);
    rejects({ maxWaitMs: Number.POSITIVE_INFINITY }, /^maxWaitMs must be .* got Infinity$/);
    rejects({ maxWaitMs: '3' }, /^maxWaitMs must be .* got '3'$/);
    rejects({ ordering: 'shortest' }, /^ordering must be 'length' or 'fifo', got 'shortest'$/);
    rejects(
      { maxPaddingRatio: 0.9 },
      /^maxPaddingRatio must be a number >= 1 \(padded\/real tokens\), got 0.9$/,
    );
    rejects({ maxPaddingRatio: Number.NaN }, /^maxPaddingRatio must be .* got NaN$/);
    rejects({ defaultPriority: Number.NaN }, /^defaultPriority must be a finite number, got NaN$/);
    rejects({ anchorPolicy: {} }, /^anchorPolicy must have a chooseAnchor\(candidates, now\) method$/);
  });

  it('rejects a config that is not an object', () => {
    assert.throws(
      () => new BatchAssembler(null as unknown as BatchAssemblerConfig),
      /^BatchAssemblerConfigError: batch assembler config must be an object, got null$/,
    );
  });
});
