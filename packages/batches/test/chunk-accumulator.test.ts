import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChunkAccumulator } from '../src/chunk-accumulator.ts';
import { estimateRemainingMs } from '../src/batch-progress.ts';
import type { BatchRecord } from '../src/batch-record.ts';

const item = (n: number): [string, string] => [`id${n}`, `text ${n}`];

describe('ChunkAccumulator', () => {
  it('regroups messages of any size into chunks of exactly the chunk size', () => {
    const accumulator = new ChunkAccumulator(3);
    assert.deepEqual(accumulator.add([item(0), item(1)]), []);
    const full = accumulator.add([item(2), item(3), item(4), item(5), item(6)]);
    assert.deepEqual(
      full.map((chunk) => [chunk.index, chunk.items.map(([id]) => id)]),
      [
        [0, ['id0', 'id1', 'id2']],
        [1, ['id3', 'id4', 'id5']],
      ],
    );
    assert.deepEqual(accumulator.finish(), { index: 2, items: [item(6)] });
    assert.equal(accumulator.total, 7);
    assert.equal(accumulator.chunks, 3);
    assert.equal(accumulator.finish(), undefined);
  });

  it('rejects a chunk size that is not a positive integer', () => {
    assert.throws(() => new ChunkAccumulator(0), RangeError);
  });
});

describe('estimateRemainingMs', () => {
  const record = (fields: Partial<BatchRecord>): BatchRecord => ({
    id: 'b-x',
    tenant: 't',
    model: 'm@1',
    digest: '',
    displayName: '',
    idempotencyKey: 'k',
    options: { topK: 0, raw: false, truncation: 'r' },
    weight: 1,
    state: 'running',
    total: 1000,
    done: 0,
    failed: 0,
    chunkSize: 100,
    chunks: 10,
    createdAt: 0,
    startedAt: 1000,
    endedAt: 0,
    retentionMs: 1,
    expireAt: 0,
    ...fields,
  });

  it('projects the average rate since the start onto what is left', () => {
    assert.equal(estimateRemainingMs(record({ done: 200, failed: 50 }), 6000), 15_000);
  });

  it('is unknown before the first result and after the end', () => {
    assert.equal(estimateRemainingMs(record({ done: 0 }), 5000), undefined);
    assert.equal(estimateRemainingMs(record({ startedAt: 0, state: 'queued' }), 5000), undefined);
    assert.equal(estimateRemainingMs(record({ done: 1000, state: 'succeeded' }), 5000), undefined);
  });
});
