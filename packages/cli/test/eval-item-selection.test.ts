import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { itemSelection } from '../src/eval-item-selection.ts';

const picked = (total: number, options: { limit?: number; sample?: number }) => {
  const selection = itemSelection(total, options);
  return Array.from({ length: total }, (_, i) => i).filter((i) => selection.includes(i));
};

describe('eval item selection', () => {
  it('takes the first n with --limit', () => {
    assert.deepEqual(picked(10, { limit: 3 }), [0, 1, 2]);
  });

  it('spreads --sample evenly over the file: exactly n positions, the first one included', () => {
    assert.deepEqual(picked(10, { sample: 4 }), [0, 2, 5, 7]);
    assert.deepEqual(picked(9, { sample: 3 }), [0, 3, 6]);
    for (const [total, n] of [
      [14465, 600],
      [5574, 1000],
      [7, 6],
    ] as const) {
      assert.equal(picked(total, { sample: n }).length, n);
    }
  });

  it('reads everything when n covers the file, and names the selection for the report and the key', () => {
    const all = itemSelection(5, { sample: 5 });
    assert.equal(all.description, 'all 5 items');
    assert.equal(all.key, 'all');
    assert.equal(itemSelection(14465, { limit: 600 }).description, 'the first 600 of 14,465 items');
    assert.notEqual(itemSelection(100, { limit: 10 }).key, itemSelection(100, { sample: 10 }).key);
    assert.throws(() => itemSelection(5, { limit: 1, sample: 1 }), /--limit or --sample, not both/);
  });
});
