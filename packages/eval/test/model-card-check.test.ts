// The comparison behind `sieve models check-reference`, as a pure function over scores: a model output equal to
// the published one passes, a small drift within the tolerance passes, other numbers or another label order fail.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkAgainstModelCard,
  ModelCardReferenceError,
  parseModelCardReference,
  type ModelCardReference,
} from '../src/index.ts';

// The shape of model-card-reference.json, with two of its published examples.
const file = {
  model: 'lxyuan/distilbert-base-multilingual-cased-sentiments-student',
  examples: [
    {
      lang: 'en',
      text: 'I love this movie and i would watch it again and again!',
      scores: { positive: 0.9731044769287109, neutral: 0.016910076141357422, negative: 0.009985478594899178 },
    },
    {
      lang: 'ms',
      text: 'Saya suka filem ini dan saya akan menontonnya lagi dan lagi!',
      scores: { positive: 0.9760093688964844, neutral: 0.01804516464471817, negative: 0.005945465061813593 },
    },
  ],
  config: { id2label: { '0': 'positive', '1': 'neutral', '2': 'negative' } },
};

/** What a model would answer: the published scores, best first as the runtime sorts them, nudged by `drift`. */
const outputsOf = (reference: ModelCardReference, drift = 0) =>
  reference.examples.map((example) =>
    Object.entries(example.scores)
      .map(([label, score]) => ({ label, score: score + drift }))
      .sort((a, b) => b.score - a.score),
  );

describe('model card check', () => {
  const reference = parseModelCardReference(file);

  it('reads the labels in id order and the published scores', () => {
    assert.deepEqual(reference.labels, ['positive', 'neutral', 'negative']);
    assert.equal(reference.examples.length, 2);
    assert.equal(reference.examples[1]!.lang, 'ms');
  });

  it('passes a model whose outputs equal the published ones, or drift within the tolerance', () => {
    const exact = checkAgainstModelCard(reference, reference.labels, outputsOf(reference));
    assert.equal(exact.passed, true);
    assert.equal(exact.maxDifference, 0);
    const close = checkAgainstModelCard(reference, reference.labels, outputsOf(reference, 2e-4));
    assert.equal(close.passed, true);
    assert.ok(Math.abs(close.maxDifference - 2e-4) < 1e-12);
  });

  it('fails other numbers, naming the examples, and another label order', () => {
    const off = checkAgainstModelCard(reference, reference.labels, outputsOf(reference, 0.01));
    assert.equal(off.passed, false);
    assert.deepEqual(
      off.examples.map((example) => example.passed),
      [false, false],
    );
    const reordered = checkAgainstModelCard(
      reference,
      ['negative', 'neutral', 'positive'],
      outputsOf(reference),
    );
    assert.equal(reordered.passed, false);
    assert.equal(reordered.labelsMatch, false);
    const missing = checkAgainstModelCard(reference, reference.labels, [
      [{ label: 'positive', score: 0.97 }],
    ]);
    assert.equal(missing.passed, false);
    assert.equal(missing.maxDifference, Infinity);
  });

  it('refuses a reference file without the labels or the scores', () => {
    assert.throws(() => parseModelCardReference({ ...file, config: {} }), ModelCardReferenceError);
    assert.throws(
      () => parseModelCardReference({ ...file, examples: [{ text: 'x', scores: { positive: 1 } }] }),
      /examples\[0\] has no score for "neutral"/,
    );
  });
});
