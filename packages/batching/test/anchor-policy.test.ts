import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchAssembler, type AnchorPolicy, type PendingText } from '../src/index.ts';
import { keysOf, text } from './support/pending-text-factory.ts';

const config = { maxBatchTexts: 2, maxBatchTokens: 4096, maxWaitMs: 0, ordering: 'length' } as const;

describe('anchor policy', () => {
  it('builds the batch around the text the policy picks, offering the best class oldest first', () => {
    const offered: string[][] = [];
    const released: string[][] = [];
    const youngestFirst: AnchorPolicy = {
      chooseAnchor(candidates, now) {
        assert.equal(now, 10);
        offered.push(keysOf(candidates));
        return candidates.at(-1)!;
      },
      batchReleased(batch) {
        released.push(keysOf(batch));
      },
    };
    const assembler = new BatchAssembler({ ...config, anchorPolicy: youngestFirst });
    assembler.add([
      text('old-short', 10, 0, { priority: 0 }),
      text('young-long', 300, 2, { priority: 0 }),
      text('mid-long', 290, 1, { priority: 0 }),
      text('low', 300, 0, { priority: 2 }),
    ]);
    assert.deepEqual(keysOf(assembler.next(10).batch), ['mid-long', 'young-long']);
    assert.deepEqual(offered, [['old-short', 'mid-long', 'young-long']]);
    assert.deepEqual(released, [['mid-long', 'young-long']]);
  });

  it('carries the worker’s own fields through to the batch', () => {
    interface JobText extends PendingText {
      readonly ids: Int32Array;
    }
    const assembler = new BatchAssembler<JobText>(config);
    assembler.add([{ key: 'j:0', tokens: 3, enqueuedAt: 0, ids: Int32Array.of(101, 7, 102) }]);
    assert.deepEqual([...assembler.next(0).batch[0]!.ids], [101, 7, 102]);
  });

  it('refuses an anchor that was not offered', () => {
    const assembler = new BatchAssembler({
      ...config,
      anchorPolicy: { chooseAnchor: () => text('stranger', 10) },
    });
    assembler.add([text('a', 10)]);
    assert.throws(() => assembler.next(0), /returned a text that was not a candidate/);
  });
});
