import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tinyModelDir } from '@sieve/testing';
import { TextClassifier } from '../src/index.ts';

// SIEVE_NOOP_INFERENCE (benchmarks only): the serving path stays whole, tokenizer included, but the model is not run.
describe('TextClassifier with noopInference', () => {
  it('tokenizes as usual and answers the same fixed logits for every text, without ONNX Runtime', async () => {
    const classifier = await TextClassifier.load(await tinyModelDir(), { noopInference: true });
    try {
      assert.match(classifier.info.digest, /^sha256:[0-9a-f]{64}$/);
      const results = await classifier.classify(['I love this', 'a much longer text than the first one'], {
        rawScores: true,
      });
      assert.ok(results[1]!.tokenCount > results[0]!.tokenCount);
      for (const result of results) {
        assert.deepEqual(
          result.labels.map((label) => [label.label, label.score]),
          [
            ['positive', 3],
            ['neutral', 2],
            ['negative', 1],
          ],
        );
      }
    } finally {
      await classifier.close();
    }
  });
});
