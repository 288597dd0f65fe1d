import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sharedDataFile } from '@sieve/testing';
import type { TokenizerExchange } from '@sieve/queue';
import { TextTokenizer, TextTooLongError } from '@sieve/runtime';
import { TokenCounter } from '../../src/inference/token-counter.ts';
import type { CatalogEntry } from '../../src/models/model-catalog.ts';

const tokenizerFile = sharedDataFile('bert-base-multilingual-cased.tokenizer.json');
const sampleFile = sharedDataFile('sentiment-multilingual-sample.jsonl');
const skip = 'skip' in tokenizerFile ? tokenizerFile.skip : 'skip' in sampleFile ? sampleFile.skip : false;

describe('TokenCounter (tokens-per-minute quotas)', () => {
  it(
    'counts exactly what the Rust library counted before issue 30: min(tokens, maxLength) per text, each truncation mode',
    { skip },
    async () => {
      if (!('path' in tokenizerFile) || !('path' in sampleFile)) return;
      const json = readFileSync(tokenizerFile.path, 'utf8');
      const exchange = { fetch: async () => json } as unknown as TokenizerExchange;
      const texts = readFileSync(sampleFile.path, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { text: string }).text);
      texts.push(
        '',
        'x[CLS]y',
        '\ud800',
        'a\u0000b',
        Array.from({ length: 700 }, (_, i) => `w${i}`).join(' '),
      );
      for (const maxLength of [512, 24]) {
        const model = { ref: 'm@1', digest: `sha256:${maxLength}`, maxLength } as CatalogEntry;
        const counter = new TokenCounter(exchange);
        // Today's count, as the gateway computed it before: the library's right-truncated ids, capped at maxLength.
        const library = await TextTokenizer.fromJson('m', json, maxLength).encodeWithLibrary(texts, 'right');
        const perText = library.map((entry) =>
          Math.min(entry instanceof TextTooLongError ? entry.tokenCount : entry.ids.length, maxLength),
        );
        for (let start = 0; start < texts.length; start += 8) {
          const call = texts.slice(start, start + 8);
          const expected = perText.slice(start, start + 8).reduce((sum, count) => sum + count, 0);
          for (const mode of ['right', 'left', 'none'] as const)
            assert.equal(
              await counter.count(model, call, mode),
              expected,
              `texts ${start}.., ${mode}, max ${maxLength}`,
            );
        }
      }
    },
  );
});
