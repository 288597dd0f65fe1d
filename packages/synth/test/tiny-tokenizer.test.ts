import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import tokenizers from '@anush008/tokenizers';
import { PRESET_SHAPES } from '../src/index.ts';
import { synthesizeTinyModel } from './tiny-model-fixture.ts';

const UNK = 100;
const CLS = 101;
const SEP = 102;

describe('tiny preset tokenizer.json', () => {
  let model: Awaited<ReturnType<typeof synthesizeTinyModel>>;
  let tokenizer: tokenizers.Tokenizer;

  before(async () => {
    model = await synthesizeTinyModel();
    tokenizer = tokenizers.Tokenizer.fromFile(join(model.outDir, 'tokenizer.json'));
  });
  after(async () => {
    await model?.remove();
  });

  it('uses the BERT multilingual special token ids', () => {
    assert.equal(tokenizer.tokenToId('[PAD]'), 0);
    assert.equal(tokenizer.tokenToId('[UNK]'), UNK);
    assert.equal(tokenizer.tokenToId('[CLS]'), CLS);
    assert.equal(tokenizer.tokenToId('[SEP]'), SEP);
    assert.equal(tokenizer.tokenToId('[MASK]'), 103);
    assert.equal(tokenizer.getVocabSize(), PRESET_SHAPES.tiny.vocabSize);
  });

  it('wraps text in [CLS] ... [SEP] and maps English words to real pieces', async () => {
    const encoding = await tokenizer.encode('I love this movie and I would watch it again!');
    const ids = encoding.getIds();
    assert.equal(ids[0], CLS);
    assert.equal(ids.at(-1), SEP);
    assert.ok(!ids.includes(UNK), `unexpected [UNK] in ${encoding.getTokens().join(' ')}`);
    assert.deepEqual(encoding.getTokens().slice(1, 5), ['I', 'love', 'this', 'movie']);
  });

  it('is cased and splits unknown words into character pieces', async () => {
    const encoding = await tokenizer.encode('Zyxw Café');
    assert.deepEqual(encoding.getTokens(), [
      '[CLS]',
      'Z',
      '##y',
      '##x',
      '##w',
      'C',
      '##a',
      '##f',
      '##é',
      '[SEP]',
    ]);
  });

  it('maps characters outside its vocabulary to [UNK]', async () => {
    const ids = (await tokenizer.encode('映画')).getIds();
    assert.deepEqual(ids, [CLS, UNK, UNK, SEP]);
  });
});
