import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sharedDataFile } from '@sieve/testing';
import { TextTokenizer, TextTooLongError, type TokenizedText } from '../src/index.ts';

const tokenizerFile = sharedDataFile('bert-base-multilingual-cased.tokenizer.json');
const sampleFile = sharedDataFile('sentiment-multilingual-sample.jsonl');
const CLS = 101;
const SEP = 102;
const UNK = 100;

function realTokenizer(path: string): TextTokenizer {
  return TextTokenizer.fromJson(path, readFileSync(path, 'utf8'), 512);
}

describe('TextTokenizer with the real multilingual vocabulary', () => {
  it(
    'tokenizes all 12 languages of the sample into known word pieces',
    { skip: 'skip' in tokenizerFile ? tokenizerFile.skip : 'skip' in sampleFile ? sampleFile.skip : false },
    async () => {
      if (!('path' in tokenizerFile) || !('path' in sampleFile)) return;
      const tokenizer = realTokenizer(tokenizerFile.path);
      const rows = readFileSync(sampleFile.path, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { text: string; lang: string });
      const byLang = new Map<string, typeof rows>();
      for (const row of rows) byLang.set(row.lang, [...(byLang.get(row.lang) ?? []), row]);
      assert.equal(byLang.size, 12, `languages: ${[...byLang.keys()].join(',')}`);
      for (const [lang, texts] of byLang) {
        const encoded = (await tokenizer.encode(texts.map((row) => row.text))) as TokenizedText[];
        let pieces = 0;
        let unknown = 0;
        for (const { ids } of encoded) {
          assert.equal(ids[0], CLS, lang);
          assert.equal(ids.at(-1), SEP, lang);
          assert.ok(ids.length <= 512);
          pieces += ids.length - 2;
          unknown += ids.filter((id) => id === UNK).length;
        }
        assert.ok(pieces > texts.length * 3, `${lang}: ${pieces} pieces for ${texts.length} texts`);
        assert.ok(unknown / pieces < 0.05, `${lang}: ${unknown} of ${pieces} pieces are [UNK]`);
      }
    },
  );

  it(
    'matches the model card tokenization of a Japanese example',
    { skip: 'skip' in tokenizerFile && tokenizerFile.skip },
    async () => {
      if (!('path' in tokenizerFile)) return;
      const [encoded] = (await realTokenizer(tokenizerFile.path).encode([
        '私はこの映画が大好きで、何度も見ます！',
      ])) as TokenizedText[];
      // Chinese characters are split one per token by BERT's normaliser; none of these are unknown.
      assert.ok(encoded!.ids.length >= 18 && !encoded!.ids.includes(UNK));
    },
  );

  it(
    'truncates at 512 tokens keeping [CLS] and [SEP], on either side, or refuses when truncation is off',
    { skip: 'skip' in tokenizerFile && tokenizerFile.skip },
    async () => {
      if (!('path' in tokenizerFile)) return;
      const tokenizer = realTokenizer(tokenizerFile.path);
      const words = Array.from({ length: 700 }, (_, i) => `word${i}`).join(' ');
      const [right] = (await tokenizer.encode([words], 'right')) as TokenizedText[];
      const [left] = (await tokenizer.encode([words], 'left')) as TokenizedText[];
      const [short] = (await tokenizer.encode(['short text'], 'right')) as TokenizedText[];
      for (const encoded of [right!, left!]) {
        assert.equal(encoded.ids.length, 512);
        assert.equal(encoded.ids[0], CLS);
        assert.equal(encoded.ids[511], SEP);
        assert.equal(encoded.truncated, true);
      }
      assert.notDeepEqual(right!.ids.slice(1, 20), left!.ids.slice(1, 20), 'left keeps the end of the text');
      assert.equal(short!.truncated, false);
      const [refused, fits] = await tokenizer.encode([words, 'fits'], 'none');
      assert.ok(refused instanceof TextTooLongError);
      assert.ok(refused.tokenCount > 512);
      assert.match(refused.message, /over the model's maximum of 512/);
      assert.ok(!(fits instanceof TextTooLongError));
    },
  );

  it(
    'handles empty, whitespace-only, NUL, RTL, zero-width and emoji ZWJ text without failing',
    { skip: 'skip' in tokenizerFile && tokenizerFile.skip },
    async () => {
      if (!('path' in tokenizerFile)) return;
      const texts = [
        '',
        '   ',
        'a\u0000b',
        '\u200f\u05e9\u05dc\u05d5\u05dd',
        'zero\u200bwidth',
        '👩‍👩‍👧‍👦 family',
        '\ud800',
      ];
      const encoded = (await realTokenizer(tokenizerFile.path).encode(texts)) as TokenizedText[];
      assert.equal(encoded.length, texts.length);
      for (const { ids } of encoded) {
        assert.equal(ids[0], CLS);
        assert.equal(ids.at(-1), SEP);
      }
    },
  );
});
