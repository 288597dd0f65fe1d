import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchAssembler, FairShareAnchorPolicy } from '../src/index.ts';
import { text } from './support/pending-text-factory.ts';

// One text per batch and no waiting: every `next` is one scheduling decision.
const config = { maxBatchTexts: 1, maxBatchTokens: 4096, maxWaitMs: 0, ordering: 'length' } as const;

// Workers put the weight each job carried on its texts: no map of tenants' weights is shared between jobs.
describe('fair share by the weight each text carries', () => {
  it('serves tenants in proportion to the weights on their texts', () => {
    const assembler = new BatchAssembler({ ...config, anchorPolicy: new FairShareAnchorPolicy() });
    assembler.add(Array.from({ length: 12 }, (_, i) => text(`a${i}`, 10, i, { tenant: 'a', weight: 1 })));
    assembler.add(
      Array.from({ length: 12 }, (_, i) => text(`b${i}`, 10, i + 0.5, { tenant: 'b', weight: 2 })),
    );
    const order: string[] = [];
    for (let i = 0; i < 6; i += 1) order.push(assembler.next(10).batch[0]!.tenant!);
    assert.equal(order.join(''), 'abbabb');
  });

  it("prefers the text's weight to weightOf, and falls back to it (then to 1) when the text's is not positive", () => {
    const policy = new FairShareAnchorPolicy({ weightOf: (tenant) => (tenant === 'known' ? 5 : undefined) });
    policy.batchReleased(
      [
        text('carried', 10, 0, { tenant: 'known', weight: 2 }),
        text('zero', 10, 0, { tenant: 'other', weight: 0 }),
        text('none', 10, 0, { tenant: 'third' }),
      ],
      0,
    );
    assert.equal(policy.virtualTime('known'), 5);
    assert.equal(policy.virtualTime('other'), 10);
    assert.equal(policy.virtualTime('third'), 10);
    policy.batchReleased([text('fallback', 10, 1, { tenant: 'known', weight: Number.NaN })], 1);
    assert.equal(policy.virtualTime('known'), 5 + 2);
  });
});
