import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { wordPieceTokenizerJson } from '@sieve/synth';
import { sharedDataFile } from '@sieve/testing';
import { TextTokenizer, TextTooLongError, type TruncationMode } from '../src/index.ts';

const tokenizerFile = sharedDataFile('bert-base-multilingual-cased.tokenizer.json');
const corpusFile = sharedDataFile('sentiment-multilingual-test.jsonl');
const smsFile = sharedDataFile('sms-spam-collection.jsonl');
const skip =
  'skip' in tokenizerFile
    ? tokenizerFile.skip
    : 'skip' in corpusFile
      ? corpusFile.skip
      : 'skip' in smsFile
        ? smsFile.skip
        : false;

/** Texts that stress what the encoder models by hand: added tokens in text, removed and odd characters, long words. */
const ODD_TEXTS = [
  '',
  ' ',
  '\t\n\r',
  'a\u0000b',
  '\ud800',
  'lone \udc00 low',
  'x[CLS]y[SEP][MASK]z[ [PAD][UNK] [CL S]',
  '[[CLS]]',
  '👩‍👩‍👧‍👦 family',
  'zero\u200bwidth and\u00a0nbsp\u3000ideographic space',
  '\u200f\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627',
  'e\u0301 combining, Å, ﬁ ligature, Ⅻ, ①',
  '\ufffd replacement \ufeff bom \u2028 line sep',
  '私はこの映画が大好きで、何度も見ます！ 𠀀𠀁 𝔘𝔫𝔦',
  'a'.repeat(100),
  'a'.repeat(101),
  'é'.repeat(101),
  '𝔘'.repeat(60),
  '𝔘'.repeat(101),
  'unaffable ##ing #hash tag... !!! ¿qué? «guillemets» — dash',
  Array.from({ length: 700 }, (_, i) => `word${i}`).join(' '),
  Array.from({ length: 600 }, () => '你').join(''),
  '\u0001\u0002\u007f\u0080\u009f control chars',
  '\ue000 private use \u{10ffff} \u{e0001} tags \u{1f970}\u{1fae8} new emoji',
];

function texts(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { text: string }).text);
}

type Entry = { ids: Int32Array; truncated: boolean } | TextTooLongError;

function describeEntry(entry: Entry): string {
  return entry instanceof TextTooLongError
    ? `too long (${entry.tokenCount}, text ${entry.index})`
    : `${entry.truncated ? 'truncated ' : ''}[${[...entry.ids].join(',')}]`;
}

/** The JavaScript encoder (in calls of 8 texts, under the event-loop budget) against the Rust library, text by text. */
async function assertSameAsLibrary(tokenizer: TextTokenizer, all: readonly string[], mode: TruncationMode) {
  assert.equal(tokenizer.implementation, 'wordpiece-js', tokenizer.bindingReason);
  const library = await tokenizer.encodeWithLibrary(all, mode);
  for (let start = 0; start < all.length; start += 8) {
    const call = all.slice(start, start + 8);
    const fast = await tokenizer.encode(call, mode);
    const counts = await tokenizer.countTokens(call);
    fast.forEach((entry, k) => {
      const expected = library[start + k]!;
      const text = JSON.stringify(call[k]!.slice(0, 60));
      const expectedDescription = describeEntry(
        expected instanceof TextTooLongError
          ? new TextTooLongError(k, expected.tokenCount, tokenizer.maxLength)
          : expected,
      );
      assert.equal(describeEntry(entry), expectedDescription, `${mode}, text ${start + k} ${text}`);
      const expectedCount =
        expected instanceof TextTooLongError
          ? Math.min(expected.tokenCount, tokenizer.maxLength)
          : Math.min(expected.ids.length, tokenizer.maxLength);
      assert.equal(counts[k], expectedCount, `count of text ${start + k} ${text}`);
    });
  }
}

describe('WordPieceEncoder gives exactly the Rust library’s ids', () => {
  it(
    'on every text of the shared multilingual and SMS corpora and odd unicode, each truncation mode, at 512 and 24 tokens',
    { skip, timeout: 600_000 },
    async () => {
      if (!('path' in tokenizerFile) || !('path' in corpusFile) || !('path' in smsFile)) return;
      const json = readFileSync(tokenizerFile.path, 'utf8');
      const all = [...texts(corpusFile.path), ...texts(smsFile.path), ...ODD_TEXTS];
      for (const maxLength of [512, 24]) {
        const tokenizer = TextTokenizer.fromJson(tokenizerFile.path, json, maxLength);
        for (const mode of ['right', 'left', 'none'] as const)
          await assertSameAsLibrary(tokenizer, all, mode);
      }
    },
  );

  it('on the synthetic tiny vocabulary the test models use', async () => {
    const vocabulary = [
      '[PAD]',
      '[UNK]',
      '[CLS]',
      '[SEP]',
      '[MASK]',
      'good',
      'bad',
      '##ly',
      'b',
      '##a',
      '##d',
      '!',
      '你',
    ];
    const json = JSON.stringify(wordPieceTokenizerJson(vocabulary));
    const tokenizer = TextTokenizer.fromJson('tiny/tokenizer.json', json, 8);
    await assertSameAsLibrary(
      tokenizer,
      ['good', 'goodly bad!', 'badly', 'bad bad bad bad bad bad bad', '你好', ...ODD_TEXTS],
      'right',
    );
    await assertSameAsLibrary(tokenizer, ['bad bad bad bad bad bad bad', ...ODD_TEXTS], 'left');
    await assertSameAsLibrary(tokenizer, ['bad bad bad bad bad bad bad', ...ODD_TEXTS], 'none');
  });

  it(
    'gives the library’s ids to texts past the bound on new characters one call classifies on the event loop',
    { skip: 'skip' in tokenizerFile && tokenizerFile.skip },
    async () => {
      if (!('path' in tokenizerFile)) return;
      const tokenizer = TextTokenizer.fromJson(
        tokenizerFile.path,
        readFileSync(tokenizerFile.path, 'utf8'),
        512,
      );
      // 600 distinct Hangul syllables, then 600 distinct CJK ideographs: more unseen code points than one call may ask.
      const hangul = Array.from({ length: 600 }, (_, i) => String.fromCodePoint(0xac00 + i * 7)).join(' ');
      const han = Array.from({ length: 600 }, (_, i) => String.fromCodePoint(0x4e00 + i * 11)).join('');
      const call = ['plain ascii first', hangul, han, 'Ünïcödé after'];
      for (const mode of ['right', 'none'] as const) {
        const library = await tokenizer.encodeWithLibrary(call, mode);
        const fast = await tokenizer.encode(call, mode);
        assert.deepEqual(fast.map(describeEntry), library.map(describeEntry), mode);
      }
      await assertSameAsLibrary(tokenizer, call, 'left');
    },
  );

  it('leaves other tokenizer shapes to the library, and answers calls and texts over the event-loop slice the same way', async () => {
    const vocabulary = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'good'];
    const lowercasing = wordPieceTokenizerJson(vocabulary) as { normalizer: { lowercase: boolean } };
    lowercasing.normalizer.lowercase = true;
    const library = TextTokenizer.fromJson('lower/tokenizer.json', JSON.stringify(lowercasing), 8);
    assert.equal(library.implementation, 'hf-binding');
    assert.match(library.bindingReason ?? '', /normalizer/);
    const [good] = await library.encode(['GOOD']);
    assert.deepEqual(describeEntry(good!), describeEntry({ ids: Int32Array.of(2, 5, 3), truncated: false }));
    const fast = TextTokenizer.fromJson(
      'tiny/tokenizer.json',
      JSON.stringify(wordPieceTokenizerJson(vocabulary)),
      4,
    );
    // 20 texts of 5,000 chars: several slices on the loop; then one text of 70,000 chars, served by the library.
    const call = [...Array.from({ length: 20 }, () => 'good '.repeat(1000)), 'good '.repeat(14_000), 'good'];
    const encoded = await fast.encode(call, 'none');
    assert.deepEqual(encoded.map(describeEntry), [
      ...Array.from({ length: 20 }, (_, index) => `too long (1002, text ${index})`),
      'too long (14002, text 20)',
      '[2,5,3]',
    ]);
    assert.deepEqual(await fast.countTokens(call), [...Array.from({ length: 21 }, () => 4), 3]);
    const right = await fast.encode(call, 'right');
    assert.deepEqual(right.map(describeEntry), [
      ...Array.from({ length: 21 }, () => 'truncated [2,5,5,3]'),
      '[2,5,3]',
    ]);
  });

  it('refuses at load a BERT-shaped file the library cannot read, though the encoder could serve it', () => {
    const json = wordPieceTokenizerJson(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'good']) as Record<
      string,
      unknown
    >;
    // The encoder never reads the decoder; the library refuses a type it does not know, and it serves the texts
    // the encoder leaves (too long, unseen characters): the model must not load with it, rather than fail a request.
    json.decoder = { type: 'NoSuchDecoder' };
    assert.throws(
      () => TextTokenizer.fromJson('odd/tokenizer.json', JSON.stringify(json), 8),
      /odd\/tokenizer\.json: not a tokenizer this runtime can load/,
    );
  });
});
