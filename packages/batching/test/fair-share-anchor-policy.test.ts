import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchAssembler, FairShareAnchorPolicy } from '../src/index.ts';
import { keysOf, text } from './support/pending-text-factory.ts';

// One text per batch and no waiting: every `next` is one scheduling decision.
const config = { maxBatchTexts: 1, maxBatchTokens: 4096, maxWaitMs: 0, ordering: 'length' } as const;

describe('fair-share anchor policy', () => {
  it('anchors on the oldest text of the tenant served least, not the oldest text overall', () => {
    const policy = new FairShareAnchorPolicy();
    policy.batchReleased([text('earlier', 100, 0, { tenant: 'a' })], 0);
    const chosen = policy.chooseAnchor(
      [
        text('a-old', 10, 1, { tenant: 'a' }),
        text('b-old', 10, 2, { tenant: 'b' }),
        text('b-young', 10, 3, { tenant: 'b' }),
      ],
      5,
    );
    assert.equal(chosen.key, 'b-old');
  });

  it('serves tenants in proportion to their weights, read afresh on every batch', () => {
    const weights = new Map([['a', 1]]);
    const assembler = new BatchAssembler({
      ...config,
      anchorPolicy: new FairShareAnchorPolicy({ weightOf: (tenant) => weights.get(tenant) }),
    });
    const served = () => {
      const order: string[] = [];
      for (let i = 0; i < 6; i += 1) order.push(assembler.next(10).batch[0]!.tenant!);
      return order.join('');
    };
    assembler.add(Array.from({ length: 24 }, (_, i) => text(`a${i}`, 10, i, { tenant: 'a' })));
    assembler.add(Array.from({ length: 24 }, (_, i) => text(`b${i}`, 10, i + 0.5, { tenant: 'b' })));
    // 'b' is unknown to weightOf, so it weighs 1 like 'a': they alternate, the older first on a tie.
    assert.equal(served(), 'ababab');
    weights.set('b', 2);
    assert.equal(served(), 'abbabb');
  });

  it('counts weights that are not a positive finite number as 1, and texts without a tenant as one tenant', () => {
    const policy = new FairShareAnchorPolicy({ weightOf: (tenant) => ({ zero: 0, nan: NaN })[tenant] });
    policy.batchReleased(
      [
        text('z', 10, 0, { tenant: 'zero' }),
        text('n', 10, 0, { tenant: 'nan' }),
        text('u1', 10, 0),
        text('u2', 10, 0),
      ],
      0,
    );
    assert.equal(policy.virtualTime('zero'), 10);
    assert.equal(policy.virtualTime('nan'), 10);
    assert.equal(policy.virtualTime(undefined), 20);
  });

  it('charges padding in proportion to tokens, so a batch’s charges add up to its padded tokens', () => {
    const policy = new FairShareAnchorPolicy({ weightOf: () => 2 });
    // 2 texts x 30 padded = 60 for 40 real: 1.5 padded per real token.
    policy.batchReleased([text('s', 10, 0, { tenant: 's' }), text('l', 30, 0, { tenant: 'l' })], 0);
    assert.equal(policy.virtualTime('s'), (10 * 1.5) / 2);
    assert.equal(policy.virtualTime('l'), (30 * 1.5) / 2);
  });

  it('starts a tenant returning from idle at the system virtual time: idleness banks no credit', () => {
    const policy = new FairShareAnchorPolicy();
    const busy = (key: string) => text(key, 100, 0, { tenant: 'busy' });
    for (let i = 0; i < 50; i += 1) {
      policy.batchReleased([policy.chooseAnchor([busy(`busy${i}`)], i)], i);
    }
    const anchor = policy.chooseAnchor([busy('busy-next'), text('back', 100, 60, { tenant: 'back' })], 60);
    // The idle tenant goes next, but only level with 'busy' as it stood when its last batch started, not
    // 5,000 tokens behind it.
    assert.equal(anchor.key, 'back');
    assert.equal(policy.virtualTime('back'), 4_900);
    assert.equal(policy.virtualTime('busy'), 5_000);
  });

  it('keeps the best priority class first whatever the tenants’ shares', () => {
    const policy = new FairShareAnchorPolicy({ weightOf: (tenant) => (tenant === 'big' ? 1_000 : 1) });
    const assembler = new BatchAssembler({ ...config, anchorPolicy: policy });
    policy.batchReleased([text('history', 500, 0, { tenant: 'small', priority: 0 })], 0);
    assembler.add([
      text('big-low', 10, 0, { tenant: 'big', priority: 2 }),
      text('small-high', 10, 1, { tenant: 'small', priority: 0 }),
    ]);
    assert.deepEqual(keysOf(assembler.next(10).batch), ['small-high']);
  });

  it('fills the batch with the anchor tenant’s texts before better-fitting texts of a tenant ahead of it', () => {
    const policy = new FairShareAnchorPolicy();
    const assembler = new BatchAssembler({ ...config, maxBatchTexts: 3, anchorPolicy: policy });
    policy.batchReleased([text('history', 500, 0, { tenant: 'ahead' })], 0);
    assembler.add([
      text('behind-1', 40, 1, { tenant: 'behind' }),
      text('ahead-1', 40, 1, { tenant: 'ahead' }),
      text('ahead-2', 41, 1, { tenant: 'ahead' }),
      text('behind-2', 60, 2, { tenant: 'behind' }),
    ]);
    // Room the tenant behind cannot use still goes to the tenant ahead, so fairness never shrinks a batch; it
    // takes the text closest to the batch's longest (60), as worse classes do.
    assert.deepEqual(keysOf(assembler.next(10).batch), ['behind-1', 'ahead-2', 'behind-2']);
  });

  it('forgets tenants that are idle and not ahead, and after forgetAfterMs even those ahead', () => {
    const policy = new FairShareAnchorPolicy({ forgetAfterMs: 1_000 });
    const sharedTenant = (i: number) => text(`s${i}`, 20, i, { tenant: 'shared' });
    for (let i = 0; i < 5_000; i += 1) {
      const oneOff = text(`t${i}`, 20, i, { tenant: `one-off-${i}` });
      policy.batchReleased([policy.chooseAnchor([sharedTenant(i), oneOff], i)], i);
    }
    // Each one-off tenant leaves ahead of the system virtual time (served, never pending again), so it is kept
    // until forgetAfterMs: about the last second's worth, not all 5,000.
    assert.ok(policy.trackedTenants <= 1_002, `${policy.trackedTenants} tenants tracked`);
    policy.batchReleased([text('late', 20, 10_000, { tenant: 'late' })], 10_000);
    assert.equal(policy.trackedTenants, 1);
  });
});
