import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { headModelName, parseHeadModelName } from '../src/index.ts';

describe('MODEL+HEAD[@VERSION]', () => {
  it('reads a plain model as no head, and a head with or without its version', () => {
    assert.equal(parseHeadModelName('sentiment@2'), undefined);
    assert.deepEqual(parseHeadModelName('sentiment+spam-v1'), { base: 'sentiment', head: 'spam-v1' });
    assert.deepEqual(parseHeadModelName('sentiment@2+spam@3'), {
      base: 'sentiment@2',
      head: 'spam',
      version: 3,
    });
    assert.equal(headModelName('sentiment', 'spam', 3), 'sentiment+spam@3');
  });

  it('names what is wrong with a malformed head', () => {
    for (const [model, problem] of [
      ['+spam', /no model before/],
      ['tiny+Spam', /lowercase letters/],
      ['tiny+', /lowercase letters/],
      ['tiny+spam@0', /positive integer/],
      ['tiny+spam@x', /positive integer/],
    ] as const) {
      const parsed = parseHeadModelName(model);
      assert.ok(parsed && 'problem' in parsed, model);
      assert.match(parsed.problem, problem);
    }
  });
});
