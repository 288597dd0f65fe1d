import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchAssembler, BatchReleasePolicy, type PendingText } from '../src/index.ts';
import { text } from './support/pending-text-factory.ts';

const assemblerOf = (texts: PendingText[]) => {
  const assembler = new BatchAssembler({
    maxBatchTexts: 8,
    maxBatchTokens: 4096,
    maxWaitMs: 0,
    ordering: 'length',
  });
  assembler.add(texts);
  return assembler;
};
const many = (count: number, tenant: string, priority?: number) =>
  Array.from({ length: count }, (_, i) =>
    text(`${tenant}${i}`, 10, i, { tenant, ...(priority !== undefined ? { priority } : {}) }),
  );
const policyOf = (sessions = 1) => new BatchReleasePolicy({ sessions, defaultPriority: 1 });

describe('BatchReleasePolicy.decide', () => {
  it('takes a batch while a session is free, draining or not', () => {
    const policy = policyOf(2);
    const pending = assemblerOf(many(1, 'a'));
    assert.deepEqual(policy.decide(pending, false), { action: 'take', drain: false, express: false });
    policy.start([text('x', 10, 0, { tenant: 'a' })]);
    assert.deepEqual(policy.decide(pending, false), { action: 'take', drain: false, express: false });
    assert.deepEqual(policy.decide(pending, true), { action: 'take', drain: true, express: false });
  });

  it('queues one batch behind busy sessions once enough texts are pending, then waits with the pipeline full', () => {
    const policy = policyOf(1);
    policy.start(many(1, 'a'));
    const pending = assemblerOf(many(8, 'a'));
    assert.deepEqual(policy.decide(pending, false), { action: 'take', drain: false, express: false });
    policy.start(many(1, 'a'));
    assert.equal(policy.inFlight, 2);
    assert.deepEqual(policy.decide(pending, false), { action: 'wait', pipelineFull: true });
    assert.deepEqual(policy.decide(pending, true), { action: 'wait', pipelineFull: true }, 'draining too');
  });

  it('gathers below the minimum pending while every session is busy, and never while draining', () => {
    const policy = policyOf(1);
    const first = policy.start(many(1, 'a'));
    const pending = assemblerOf(many(7, 'a'));
    assert.deepEqual(policy.decide(pending, false), { action: 'wait', pipelineFull: false });
    assert.deepEqual(policy.decide(pending, true), { action: 'take', drain: true, express: false });
    policy.end(first);
    assert.deepEqual(policy.decide(pending, false), { action: 'take', drain: false, express: false });
  });

  it('honours the configured depth and minimum pending', () => {
    const policy = new BatchReleasePolicy({
      sessions: 1,
      defaultPriority: 1,
      pipelineQueued: 0,
      pipelineMinPending: 2,
    });
    policy.start(many(1, 'a'));
    assert.deepEqual(policy.decide(assemblerOf(many(1, 'a')), true), { action: 'wait', pipelineFull: true });
  });

  it('opens the express lane, one batch past the depth, for a tenant with nothing in flight', () => {
    const policy = policyOf(1);
    policy.start(many(1, 'flood'));
    const gatheringWithLight = assemblerOf([...many(2, 'flood'), text('light', 10, 5, { tenant: 'light' })]);
    assert.deepEqual(policy.decide(gatheringWithLight, false), {
      action: 'take',
      drain: true,
      express: true,
    });
    policy.start(many(1, 'flood'));
    assert.deepEqual(policy.decide(gatheringWithLight, false), {
      action: 'take',
      drain: true,
      express: true,
    });
    policy.start([text('l', 10, 0, { tenant: 'light' })]);
    assert.equal(policy.inFlight, 3);
    const another = assemblerOf([text('other', 10, 0, { tenant: 'other' })]);
    assert.deepEqual(
      policy.decide(another, false),
      { action: 'wait', pipelineFull: true },
      'no second extra slot',
    );
  });

  it('keeps the express lane shut to a tenant already in flight and to work worse than the work in flight', () => {
    const policy = policyOf(1);
    policy.start(many(1, 'flood'));
    policy.start(many(1, 'flood'));
    assert.deepEqual(policy.decide(assemblerOf(many(3, 'flood')), false), {
      action: 'wait',
      pipelineFull: true,
    });
    const bulk = assemblerOf(many(3, 'bulk', 3));
    assert.deepEqual(policy.decide(bulk, false), { action: 'wait', pipelineFull: true });
  });

  it('says which added texts may end a full wait: those of a tenant with nothing in flight', () => {
    const policy = policyOf(1);
    const started = policy.start(many(1, 'flood'));
    assert.equal(policy.mayGoExpress(many(2, 'flood')), false);
    assert.equal(policy.mayGoExpress([...many(1, 'flood'), text('l', 10, 0, { tenant: 'light' })]), true);
    policy.end(started);
    assert.equal(policy.mayGoExpress(many(1, 'flood')), true);
  });
});

describe('BatchReleasePolicy.start', () => {
  it('marks a batch urgent only when every session is busy and it serves a tenant with nothing in flight', () => {
    const policy = policyOf(2);
    assert.equal(policy.start(many(1, 'flood')).urgent, false, 'nothing in flight');
    assert.equal(policy.start([text('l0', 10, 0, { tenant: 'light' })]).urgent, false, 'a session was free');
    assert.equal(policy.start(many(1, 'flood')).urgent, false, 'its tenants are all in flight');
    assert.equal(policy.start([text('n', 10, 0, { tenant: 'new' })]).urgent, true);
  });

  it('never marks urgent a batch of worse priority than a batch in flight', () => {
    const policy = policyOf(1);
    policy.start(many(1, 'flood', 1));
    assert.equal(policy.start([text('b', 10, 0, { tenant: 'bulk', priority: 3 })]).urgent, false);
    const high = policy.start([text('h', 10, 0, { tenant: 'high', priority: 0 })]);
    assert.equal(high.urgent, true);
    assert.equal(high.priority, 0);
  });

  it('forgets a batch once it ends: its tenant and priority no longer count', () => {
    const policy = policyOf(1);
    const interactive = policy.start(many(1, 'flood', 1));
    policy.start(many(1, 'other', 3));
    policy.end(interactive);
    assert.equal(policy.inFlight, 1);
    assert.equal(policy.start(many(1, 'flood', 3)).urgent, true, 'flood has nothing in flight any more');
  });
});
