import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareByArrival, compareByLength, PendingPool } from '../src/pending-pool.ts';
import type { PendingText } from '../src/index.ts';
import { text } from './support/pending-text-factory.ts';
import { SeededRandom } from './support/seeded-random.ts';

describe('pending pool', () => {
  it('keeps every class sorted both ways through bulk inserts and deletes, as one-by-one would', () => {
    const random = new SeededRandom(30);
    const pool = new PendingPool<PendingText>();
    const pending = new Map<string, PendingText>();
    let next = 0;
    for (let round = 0; round < 400; round++) {
      const added: PendingText[] = [];
      for (let i = random.int(0, 12); i > 0; i--) {
        // Few distinct lengths and arrival times, so ties (broken by insertion order) are common.
        const item = text(`t${next++}`, random.int(1, 6), random.int(0, 3), { priority: random.int(1, 3) });
        added.push(item);
        pending.set(item.key, item);
      }
      pool.insertAll(added, (item) => item.priority!);
      const keys = [...pending.keys()].filter(() => random.next() < 0.2);
      // Unknown and repeated keys are skipped; the rest come back in the order asked.
      const removed = pool.deleteAll([...keys, 'unknown', ...keys.slice(0, 1)]);
      assert.deepEqual(
        removed.map((entry) => entry.item.key),
        keys,
      );
      for (const key of keys) pending.delete(key);

      assert.equal(pool.size, pending.size);
      const classes = pool.classesInOrder();
      assert.deepEqual(
        classes.map((priorityClass) => priorityClass.priority),
        [...new Set([...pending.values()].map((item) => item.priority!))].sort((a, b) => a - b),
      );
      for (const priorityClass of classes) {
        const entries = [...priorityClass.byArrival];
        assert.ok(entries.every((entry) => entry.priority === priorityClass.priority));
        assert.deepEqual(priorityClass.byArrival, [...entries].sort(compareByArrival));
        assert.deepEqual(priorityClass.byLength, [...entries].sort(compareByLength));
      }
      assert.equal(
        classes.reduce((sum, priorityClass) => sum + priorityClass.byLength.length, 0),
        pending.size,
      );
    }
  });
});
