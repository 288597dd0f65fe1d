import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchAssembler } from '../src/index.ts';
import { text } from './support/pending-text-factory.ts';

describe('pending backlog (what operators see queued in a worker)', () => {
  const assembler = () =>
    new BatchAssembler({ maxBatchTexts: 2, maxBatchTokens: 4096, maxWaitMs: 0, ordering: 'fifo' });

  it('groups texts by tenant and priority class, most first, with the oldest arrival of each', () => {
    const batches = assembler();
    batches.add([
      text('a1', 30, 5, { tenant: 'acme', priority: 0 }),
      text('a2', 30, 2, { tenant: 'acme', priority: 0 }),
      text('a3', 30, 1, { tenant: 'acme', priority: 3 }),
      text('g1', 30, 4, { tenant: 'globex' }),
      text('g2', 30, 3, { tenant: 'globex' }),
      text('g3', 30, 9, { tenant: 'globex' }),
      text('anonymous', 30, 7),
    ]);
    assert.deepEqual(batches.backlog(10), {
      groups: [
        { tenant: 'globex', priority: 1, texts: 3, oldestEnqueuedAt: 3 },
        { tenant: 'acme', priority: 0, texts: 2, oldestEnqueuedAt: 2 },
        { tenant: '', priority: 1, texts: 1, oldestEnqueuedAt: 7 },
        { tenant: 'acme', priority: 3, texts: 1, oldestEnqueuedAt: 1 },
      ],
      truncated: false,
    });
  });

  it('keeps at most `limit` groups and says so; an empty pool has none', () => {
    const batches = assembler();
    assert.deepEqual(batches.backlog(2), { groups: [], truncated: false });
    batches.add([
      text('a', 30, 1, { tenant: 'a' }),
      text('b', 30, 1, { tenant: 'b' }),
      text('b2', 30, 2, { tenant: 'b' }),
      text('c', 30, 1, { tenant: 'c' }),
    ]);
    const { groups, truncated } = batches.backlog(2);
    assert.deepEqual(
      groups.map((group) => group.tenant),
      ['b', 'a'],
    );
    assert.equal(truncated, true);
  });

  it('forgets texts once a batch takes them', () => {
    const batches = assembler();
    batches.add([text('a', 30, 1, { tenant: 'a' }), text('b', 30, 2, { tenant: 'a' })]);
    batches.next(10);
    assert.deepEqual(batches.backlog(5).groups, []);
  });
});
