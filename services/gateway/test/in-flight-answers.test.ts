import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InFlightAnswers } from '../src/in-flight-answers.ts';

describe('InFlightAnswers', () => {
  it('makes the first caller of a key its leader and hands its answer to everyone who joins meanwhile', async () => {
    const inFlight = new InFlightAnswers<string>();
    const leader = inFlight.join('k');
    const first = inFlight.join('k');
    const second = inFlight.join('k');
    assert.equal(leader.lead, true);
    assert.equal(first.lead, false);
    assert.equal(second.lead, false);
    assert.equal(inFlight.followersOf('k'), 2);
    if (!leader.lead || first.lead || second.lead) return;
    leader.settle('spam');
    assert.deepEqual(await Promise.all([first.answer, second.answer]), ['spam', 'spam']);
    assert.equal(inFlight.size, 0);
  });

  it('keeps keys apart', () => {
    const inFlight = new InFlightAnswers<string>();
    assert.equal(inFlight.join('a').lead, true);
    assert.equal(inFlight.join('b').lead, true);
    assert.equal(inFlight.size, 2);
  });

  it('hands on nothing when the leader fails, and the next caller leads a new computation', async () => {
    const inFlight = new InFlightAnswers<string>();
    const leader = inFlight.join('k');
    const follower = inFlight.join('k');
    if (!leader.lead || follower.lead) return assert.fail('roles');
    leader.settle(undefined);
    assert.equal(await follower.answer, undefined);
    assert.equal(inFlight.join('k').lead, true);
  });

  it('ignores a second settle, which must not end a newer computation of the same key', async () => {
    const inFlight = new InFlightAnswers<string>();
    const old = inFlight.join('k');
    if (!old.lead) return assert.fail('roles');
    old.settle('first');
    const newer = inFlight.join('k');
    const waiting = inFlight.join('k');
    if (!newer.lead || waiting.lead) return assert.fail('roles');
    old.settle('stale');
    assert.equal(inFlight.size, 1);
    newer.settle('second');
    assert.equal(await waiting.answer, 'second');
  });
});
