// The tokenizer and the runtime take every valid Unicode string: the real multilingual vocabulary (from
// $SIEVE_SHARED_DATA) yields in-vocabulary ids framed by [CLS]/[SEP] within the model's length for any input, and
// the whole runtime path (tokenizer + ONNX Runtime) returns finite probabilities for any input.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { TextClassifier, TextTokenizer, TextTooLongError } from '@sieve/runtime';
import { sharedDataFile, tinyModelDir } from '@sieve/testing';

const CLS = 101;
const SEP = 102;

/** Any valid Unicode: code points of every plane, grapheme clusters, and the characters that trip up normalisers. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({
    unit: fc.constantFrom(
      '\u0000',
      '\u200b',
      '\u200d',
      '\u202e',
      '\u2066',
      '\ufeff',
      '\u0301',
      '\u3000',
      '👩‍👩‍👧',
      'ﷺ',
      'ǅ',
      'ﬃ',
      'İ',
      'ß',
      '\ufffd',
      ' ',
    ),
    maxLength: 50,
  }),
);

const tokenizerFile = sharedDataFile('bert-base-multilingual-cased.tokenizer.json');

describe('Unicode through the tokenizer and the runtime', { timeout: 120_000 }, () => {
  it(
    'tokenizes any Unicode string into in-vocabulary ids with the real multilingual vocabulary',
    { skip: 'skip' in tokenizerFile ? tokenizerFile.skip : false },
    async () => {
      if (!('path' in tokenizerFile)) return;
      const json = readFileSync(tokenizerFile.path, 'utf8');
      const vocabularySize = Object.keys(
        (JSON.parse(json) as { model: { vocab: object } }).model.vocab,
      ).length;
      const tokenizer = TextTokenizer.fromJson(tokenizerFile.path, json, 512);
      await fc.assert(
        fc.asyncProperty(fc.array(anyText, { minLength: 1, maxLength: 16 }), async (texts) => {
          for (const mode of ['right', 'left'] as const) {
            const encoded = await tokenizer.encode(texts, mode);
            assert.equal(encoded.length, texts.length);
            for (const entry of encoded) {
              assert.ok(!(entry instanceof TextTooLongError));
              const { ids } = entry;
              assert.equal(ids[0], CLS);
              assert.equal(ids.at(-1), SEP);
              assert.ok(ids.length >= 2 && ids.length <= 512);
              assert.ok(ids.every((id) => Number.isInteger(id) && id >= 0 && id < vocabularySize));
            }
          }
          const counts = await tokenizer.countTokens(texts);
          assert.ok(counts.every((count) => count >= 2 && count <= 512));
        }),
        { numRuns: 300 },
      );
    },
  );

  it(
    'tokenizes a 1 MB single word and 100,000 emoji without running past the model length',
    { skip: 'skip' in tokenizerFile ? tokenizerFile.skip : false },
    async () => {
      if (!('path' in tokenizerFile)) return;
      const tokenizer = TextTokenizer.fromJson(
        tokenizerFile.path,
        readFileSync(tokenizerFile.path, 'utf8'),
        512,
      );
      const [word, emoji] = await tokenizer.encode(['a'.repeat(1 << 20), '😀'.repeat(100_000)]);
      for (const entry of [word, emoji]) {
        assert.ok(entry && !(entry instanceof TextTooLongError));
        assert.ok(entry.ids.length <= 512);
      }
      const [refused] = await tokenizer.encode(['😀 '.repeat(1000)], 'none');
      assert.ok(refused instanceof TextTooLongError, 'truncation off refuses instead of running past 512');
    },
  );

  describe('tokenizer and ONNX Runtime together (synthetic tiny model)', () => {
    let classifier: TextClassifier;
    before(async () => {
      classifier = await TextClassifier.load(await tinyModelDir(), { intraOpThreads: 1 });
    });
    after(() => classifier?.close());

    it('returns finite probabilities summing to 1 for any Unicode string', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(anyText, { minLength: 1, maxLength: 8 }), async (texts) => {
          const results = await classifier.classify(texts);
          assert.equal(results.length, texts.length);
          for (const result of results) {
            const sum = result.labels.reduce((total, label) => total + label.score, 0);
            assert.ok(result.labels.every((label) => Number.isFinite(label.score)));
            assert.ok(Math.abs(sum - 1) < 1e-3, `scores sum to ${sum}`);
            assert.ok(result.tokenCount >= 2 && result.tokenCount <= classifier.info.maxLength);
          }
        }),
        { numRuns: 150 },
      );
    });
  });
});
