// The fair-share policy's decisions on synthetic schedules, checked against bounds that follow from the algorithm
// (start-time fair queuing over padded tokens), not against measured shares: nothing here depends on timing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchAssembler, FairShareAnchorPolicy, tenantCharges, type PendingText } from '../src/index.ts';
import { text } from './support/pending-text-factory.ts';

// Every text has the same length, so a batch is 8 texts and 128 padded tokens, and a tenant with 8 or more texts
// pending fills a batch it anchors on its own (the policy fills with the anchor's tenant first).
const TOKENS = 16;
const MAX_BATCH_TOKENS = 128;
const config = {
  maxBatchTexts: MAX_BATCH_TOKENS / TOKENS,
  maxBatchTokens: MAX_BATCH_TOKENS,
  maxWaitMs: 0,
  ordering: 'length',
} as const;

/** An assembler with the fair-share policy and the given weights, offering texts and counting what is pending. */
function scheduler(weights: Record<string, number>) {
  const assembler = new BatchAssembler({
    ...config,
    anchorPolicy: new FairShareAnchorPolicy({ weightOf: (tenant) => weights[tenant] }),
  });
  let serial = 0;
  const pending = new Map<string, number>();
  const offer = (tenant: string, count: number, now: number) => {
    assembler.add(Array.from({ length: count }, () => text(`${tenant}${serial++}`, TOKENS, now, { tenant })));
    pending.set(tenant, (pending.get(tenant) ?? 0) + count);
  };
  /** Keeps every tenant backlogged: tops it up to well over a batch before each decision. */
  const backlog = (tenants: readonly string[], now: number) => {
    for (const tenant of tenants) if ((pending.get(tenant) ?? 0) < 16) offer(tenant, 16, now);
  };
  const next = (now: number) => {
    const { batch } = assembler.next(now);
    for (const item of batch) pending.set(item.tenant!, pending.get(item.tenant!)! - 1);
    return batch;
  };
  return { offer, backlog, next };
}

const served = (batch: readonly PendingText[], tenant: string) => tenantCharges(batch).get(tenant) ?? 0;

describe('fair share, decision by decision', () => {
  // Why the bound: a tenant's virtual time is its padded tokens served divided by its weight, and each batch is
  // anchored by the tenant with the smaller one and (both being backlogged) filled with that tenant's texts only.
  // So a batch moves only the tenant behind, by at most 128 / its weight, and the tenant ahead can lead by at most
  // that: vt(a) - vt(b) stays within [-128/2, 128/1]. Over any run the served tokens therefore satisfy
  // |served(a)/1 - served(b)/2| <= 128/1 + 128/2 = 192, however long the run.
  it('splits padded tokens 1:2 between two backlogged tenants within one batch per tenant, at every batch', () => {
    const { backlog, next } = scheduler({ a: 1, b: 2 });
    const bound = MAX_BATCH_TOKENS / 1 + MAX_BATCH_TOKENS / 2;
    let a = 0;
    let b = 0;
    let worst = 0;
    for (let now = 0; now < 3_000; now += 1) {
      backlog(['a', 'b'], now);
      const batch = next(now);
      assert.equal(batch.length, config.maxBatchTexts, 'every batch is full');
      a += served(batch, 'a');
      b += served(batch, 'b');
      worst = Math.max(worst, Math.abs(a / 1 - b / 2));
      assert.ok(worst <= bound, `after ${now + 1} batches a ${a}, b ${b}: |a - b/2| = ${worst} > ${bound}`);
    }
    // Over 3,000 batches the split is 1:2 to within 192 of 128,000 tokens for a.
    assert.ok(Math.abs(a / (a + b) - 1 / 3) < 0.001, `a's share ${a / (a + b)}`);
  });

  it('lets the tenant furthest behind its share lead every batch', () => {
    const weights = { a: 1, b: 2, c: 3 };
    const { backlog, next } = scheduler(weights);
    // The test's own tally of tokens served per weight, independent of the policy's bookkeeping.
    const perWeight = new Map(Object.keys(weights).map((tenant) => [tenant, 0]));
    for (let now = 0; now < 600; now += 1) {
      backlog(Object.keys(weights), now);
      const furthestBehind = Math.min(...perWeight.values());
      const batch = next(now);
      const tenants = new Set(batch.map((item) => item.tenant!));
      assert.equal(tenants.size, 1, `batch ${now} mixes ${[...tenants].join(', ')}`);
      const [leader] = tenants;
      // Within rounding: weight 3 makes thirds of tokens.
      assert.ok(
        perWeight.get(leader!)! <= furthestBehind + 1e-9,
        `batch ${now} led by ${leader} at ${perWeight.get(leader!)} per weight, while another was at ${furthestBehind}`,
      );
      perWeight.set(leader!, perWeight.get(leader!)! + served(batch, leader!) / weights[leader as 'a']);
    }
  });

  // Why the bound: a tenant returning from idle starts at the system virtual time, the flood's virtual time before
  // its last batch, which is strictly below the flood's now; so the light tenant anchors the very next batch. It
  // stays behind as long as its tokens per weight stay below the flood's, which a 20x lighter load guarantees.
  it("serves a light tenant's text in the first batch after it arrives, under a flood of 20x its load", () => {
    const { offer, next } = scheduler({ flood: 1, light: 1 });
    let lightOffered = 0;
    let lightServed = 0;
    let floodServed = 0;
    for (let now = 0; now < 2_000; now += 1) {
      // The flood offers 20 texts (2.5 batches) per batch the worker can run; its backlog grows without end.
      offer('flood', 20, now);
      // The light tenant, once the flood has a backlog: one text per batch, 1/20 of what the flood offers.
      if (now > 0) {
        offer('light', 1, now);
        lightOffered += 1;
      }
      const batch = next(now);
      const light = batch.filter((item) => item.tenant === 'light').length;
      assert.equal(light, lightOffered - lightServed, `the light text offered before batch ${now} waits`);
      lightServed += light;
      floodServed += batch.length - light;
    }
    assert.equal(lightServed, lightOffered);
    // The flood takes all the rest: fairness cost it no room, only the light tenant's own texts.
    assert.equal(lightServed + floodServed, 2_000 * config.maxBatchTexts);
  });

  it('charges each tenant its part of the batch’s padded tokens', () => {
    const charges = tenantCharges([
      text('a1', 10, 0, { tenant: 'a' }),
      text('a2', 30, 0, { tenant: 'a' }),
      text('b1', 20, 0, { tenant: 'b' }),
      text('none', 20, 0),
    ]);
    // 4 texts x 30 = 120 padded for 80 real: 1.5 each.
    assert.deepEqual(
      charges,
      new Map([
        ['a', 60],
        ['b', 30],
        [undefined, 30],
      ]),
    );
    assert.equal(tenantCharges([]).size, 0);
  });
});
