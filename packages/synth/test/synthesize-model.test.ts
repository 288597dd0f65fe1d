import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import onnxProto from 'onnx-proto';
import { PRESET_SHAPES, generateDistilBertWeights } from '../src/index.ts';
import { synthesizeTinyModel } from './tiny-model-fixture.ts';

// The keys of lxyuan/distilbert-base-multilingual-cased-sentiments-student's config.json.
const REAL_CONFIG_KEYS = [
  'architectures',
  'model_type',
  'id2label',
  'label2id',
  'max_position_embeddings',
  'vocab_size',
  'dim',
  'n_layers',
  'n_heads',
  'hidden_dim',
  'activation',
  'pad_token_id',
  'sinusoidal_pos_embds',
  'dropout',
  'attention_dropout',
  'seq_classif_dropout',
  'torch_dtype',
  'transformers_version',
  '_name_or_path',
];

describe('synthesizeModel (tiny preset)', () => {
  let model: Awaited<ReturnType<typeof synthesizeTinyModel>>;

  before(async () => {
    model = await synthesizeTinyModel({ int8: true });
  });
  after(async () => {
    await model?.remove();
  });

  it('writes the Hugging Face ONNX export layout', () => {
    assert.deepEqual(model.files, [
      'config.json',
      'onnx/model.onnx',
      'onnx/model_int8_static.onnx',
      'onnx/model_quantized.onnx',
      'special_tokens_map.json',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    const { vocabSize, dim, nLayers, hiddenDim, maxPositionEmbeddings, numLabels } = PRESET_SHAPES.tiny;
    const expected =
      vocabSize * dim +
      maxPositionEmbeddings * dim +
      2 * dim +
      nLayers *
        (4 * (dim * dim + dim) + 2 * dim + dim * hiddenDim + hiddenDim + hiddenDim * dim + dim + 2 * dim) +
      dim * dim +
      dim +
      dim * numLabels +
      numLabels;
    assert.equal(model.parameters, expected);
  });

  it('writes config.json with the real model keys, label order and the preset shape', async () => {
    const config = JSON.parse(await readFile(join(model.outDir, 'config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    for (const key of REAL_CONFIG_KEYS) assert.ok(key in config, `config.json lacks ${key}`);
    assert.deepEqual(config['architectures'], ['DistilBertForSequenceClassification']);
    assert.equal(config['model_type'], 'distilbert');
    assert.deepEqual(config['id2label'], { 0: 'positive', 1: 'neutral', 2: 'negative' });
    assert.deepEqual(Object.keys(config['id2label'] as object), ['0', '1', '2']);
    assert.deepEqual(config['label2id'], { positive: 0, neutral: 1, negative: 2 });
    assert.equal(config['activation'], 'gelu');
    assert.equal(config['sinusoidal_pos_embds'], false);
    assert.equal(config['vocab_size'], PRESET_SHAPES.tiny.vocabSize);
    assert.equal(config['dim'], 32);
    assert.equal(config['n_layers'], 2);
    assert.equal(config['n_heads'], 4);
    assert.equal(config['hidden_dim'], 64);
    assert.equal(config['max_position_embeddings'], 512);
    assert.deepEqual(config['sieve_synthetic'], { preset: 'tiny', seed: 42 });
  });

  it('writes tokenizer_config.json and special_tokens_map.json like the real model', async () => {
    const tokenizerConfig = JSON.parse(await readFile(join(model.outDir, 'tokenizer_config.json'), 'utf8'));
    assert.equal(tokenizerConfig.tokenizer_class, 'DistilBertTokenizer');
    assert.equal(tokenizerConfig.do_lower_case, false);
    assert.equal(tokenizerConfig.model_max_length, 512);
    const specialTokens = JSON.parse(await readFile(join(model.outDir, 'special_tokens_map.json'), 'utf8'));
    assert.deepEqual(specialTokens, {
      cls_token: '[CLS]',
      mask_token: '[MASK]',
      pad_token: '[PAD]',
      sep_token: '[SEP]',
      unk_token: '[UNK]',
    });
  });

  it('writes an opset 17 graph with dynamic batch and sequence inputs and a logits output', async () => {
    const decoded = onnxProto.onnx.ModelProto.decode(
      await readFile(join(model.outDir, 'onnx', 'model.onnx')),
    );
    assert.equal(decoded.producerName, 'sieve-synth');
    assert.deepEqual(
      decoded.opsetImport.map((opset) => [opset.domain, Number(opset.version)]),
      [['', 17]],
    );
    const dims = (value: onnxProto.onnx.IValueInfoProto | undefined): (string | number)[] =>
      (value?.type?.tensorType?.shape?.dim ?? []).map((dim) => dim.dimParam || Number(dim.dimValue));
    const graph = decoded.graph;
    assert.deepEqual(
      graph?.input?.map((input) => input.name),
      ['input_ids', 'attention_mask'],
    );
    assert.deepEqual(dims(graph?.input?.[0]), ['batch_size', 'sequence_length']);
    assert.deepEqual(dims(graph?.output?.[0]), ['batch_size', 3]);
    const opTypes = new Set(graph?.node?.map((node) => node.opType));
    for (const opType of ['Gather', 'LayerNormalization', 'Softmax', 'Erf', 'Relu'])
      assert.ok(opTypes.has(opType), opType);
  });
});

describe('determinism', () => {
  it('writes byte-identical files for the same seed and different weights for another seed', async () => {
    const first = await synthesizeTinyModel({ seed: 7, int8: true });
    const second = await synthesizeTinyModel({ seed: 7, int8: true });
    const other = await synthesizeTinyModel({ seed: 8, int8: true });
    try {
      const digest = async (outDir: string, file: string): Promise<string> =>
        createHash('sha256')
          .update(await readFile(join(outDir, file)))
          .digest('hex');
      for (const file of first.files) {
        assert.equal(await digest(first.outDir, file), await digest(second.outDir, file), file);
      }
      assert.notEqual(
        await digest(first.outDir, 'onnx/model.onnx'),
        await digest(other.outDir, 'onnx/model.onnx'),
      );
    } finally {
      await Promise.all([first.remove(), second.remove(), other.remove()]);
    }
  });

  it('generates identical weights for a seed and different weights for another', () => {
    const weights = generateDistilBertWeights(PRESET_SHAPES.tiny, 1);
    const again = generateDistilBertWeights(PRESET_SHAPES.tiny, 1);
    const other = generateDistilBertWeights(PRESET_SHAPES.tiny, 2);
    assert.deepEqual(again.layers[0]?.query.weight.data, weights.layers[0]?.query.weight.data);
    assert.deepEqual(again.classifier.weight.data, weights.classifier.weight.data);
    assert.notDeepEqual(other.layers[0]?.query.weight.data, weights.layers[0]?.query.weight.data);
    assert.notDeepEqual(other.wordEmbeddings.data, weights.wordEmbeddings.data);
  });
});
