import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchAssembler } from '../src/index.ts';
import { keysOf, text } from './support/pending-text-factory.ts';

const config = { maxBatchTexts: 4, maxBatchTokens: 256, maxWaitMs: 5, ordering: 'length' } as const;

describe('release timing', () => {
  it('holds a lone small text until it has waited maxWaitMs, then releases it', () => {
    const assembler = new BatchAssembler(config);
    assembler.add([text('a', 20, 100)]);
    assert.deepEqual(assembler.next(100), { status: 'waiting', batch: [], expired: [], waitMs: 5 });
    assert.deepEqual(assembler.next(104.5), { status: 'waiting', batch: [], expired: [], waitMs: 0.5 });
    const released = assembler.next(105);
    assert.equal(released.status, 'ready');
    assert.deepEqual(keysOf(released.batch), ['a']);
    assert.equal(released.status === 'ready' && released.reason, 'waited');
    assert.equal(assembler.size, 0);
  });

  it('releases a batch at once when the texts budget is reached', () => {
    const assembler = new BatchAssembler(config);
    assembler.add([text('a', 20, 100), text('b', 20, 100), text('c', 20, 100), text('d', 20, 100)]);
    const released = assembler.next(100);
    assert.equal(released.status === 'ready' && released.reason, 'full');
    assert.equal(released.batch.length, 4);
  });

  it('releases a batch at once when no text as long as its longest could join within the token budget', () => {
    const assembler = new BatchAssembler(config);
    assembler.add([text('a', 100, 100), text('b', 90, 100)]);
    const released = assembler.next(100);
    assert.equal(released.status === 'ready' && released.reason, 'full');
    assert.deepEqual(keysOf(released.batch), ['a', 'b']);
  });

  it('keeps holding a partial batch that is not full, counting from the oldest text', () => {
    const assembler = new BatchAssembler(config);
    assembler.add([text('a', 20, 100)]);
    assembler.add([text('b', 20, 103)]);
    assert.deepEqual(assembler.next(103), { status: 'waiting', batch: [], expired: [], waitMs: 2 });
    const released = assembler.next(105);
    assert.deepEqual(keysOf(released.batch), ['a', 'b']);
  });

  it('releases whatever can be formed when asked to drain, and says so', () => {
    const assembler = new BatchAssembler(config);
    assembler.add([text('a', 20, 100)]);
    const released = assembler.next(101, { drain: true });
    assert.equal(released.status === 'ready' && released.reason, 'drain');
    assert.deepEqual(keysOf(released.batch), ['a']);
  });

  it('releases at once with maxWaitMs 0', () => {
    const assembler = new BatchAssembler({ ...config, maxWaitMs: 0 });
    assembler.add([text('a', 20, 100)]);
    assert.equal(assembler.next(100).status, 'ready');
  });

  it('wakes the worker for a deadline that comes before the wait ends', () => {
    const assembler = new BatchAssembler(config);
    assembler.add([text('a', 20, 100, { deadline: 102 })]);
    assert.deepEqual(assembler.next(100), { status: 'waiting', batch: [], expired: [], waitMs: 2 });
  });

  it('is idle when nothing is pending', () => {
    const assembler = new BatchAssembler(config);
    assert.deepEqual(assembler.next(0), { status: 'idle', batch: [], expired: [] });
    assert.deepEqual(assembler.next(0, { drain: true }), { status: 'idle', batch: [], expired: [] });
  });

  it('releases a fifo batch at once when the next text in line does not fit, since waiting cannot help', () => {
    const assembler = new BatchAssembler({ ...config, ordering: 'fifo' });
    assembler.add([text('a', 20, 100), text('b', 200, 100)]);
    const released = assembler.next(100);
    assert.equal(released.status === 'ready' && released.reason, 'full');
    assert.deepEqual(keysOf(released.batch), ['a']);
  });

  it('rejects a now that is not a finite number', () => {
    assert.throws(() => new BatchAssembler(config).next(Number.NaN), /now must be a finite number/);
  });
});
