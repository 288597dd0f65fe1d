import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LabelMapError, parseLabelMap } from '../src/index.ts';

describe('label map', () => {
  it('reads data=model pairs, with spaces around them', () => {
    assert.deepEqual(parseLabelMap('ham=positive, spam = negative'), { ham: 'positive', spam: 'negative' });
  });

  it('reads a JSON object, and lets several data labels share one model label', () => {
    assert.deepEqual(parseLabelMap('{"1": "negative", "2": "negative", "5": "positive"}'), {
      1: 'negative',
      2: 'negative',
      5: 'positive',
    });
  });

  it('names what is wrong', () => {
    assert.throws(() => parseLabelMap('ham'), /"ham" is not data-label=model-label/);
    assert.throws(() => parseLabelMap('=positive'), LabelMapError);
    assert.throws(() => parseLabelMap('ham=a,ham=b'), /"ham" is mapped twice/);
    assert.throws(() => parseLabelMap(''), /empty/);
    assert.throws(() => parseLabelMap('{"ham": 1}'), /"ham" must map to a label name/);
    assert.throws(() => parseLabelMap('{"ham"'), /not JSON/);
  });
});
