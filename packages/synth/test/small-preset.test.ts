import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import tokenizers from '@anush008/tokenizers';
import * as ort from 'onnxruntime-node';
import { PRESET_SHAPES, generateDistilBertWeights, referenceForward, synthesizeModel } from '../src/index.ts';
import type { SynthResult } from '../src/index.ts';
import { maxAbsDifference, paddedBatch, runLogits, synthesizeTinyModel } from './tiny-model-fixture.ts';

const TEXTS = ['I love this movie and i would watch it again!', 'Terrible service.', 'ok'];

describe('synthesizeModel (small preset)', () => {
  let outDir: string;
  let model: SynthResult;
  let elapsedMs: number;
  let session: ort.InferenceSession;

  before(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'sieve-synth-small-'));
    const started = performance.now();
    model = await synthesizeModel({ preset: 'small', outDir, seed: 7 });
    elapsedMs = performance.now() - started;
    session = await ort.InferenceSession.create(join(outDir, 'onnx', 'model.onnx'));
  });
  after(async () => {
    await session?.release();
    await rm(outDir, { recursive: true, force: true });
  });

  // How long generation takes is reported, not asserted: a busy machine made a 3 s bound fail (3,167 ms).
  it('is generated with the tiny vocabulary and no external files', async (context) => {
    context.diagnostic(`generated ${model.parameters} parameters in ${elapsedMs.toFixed(0)} ms`);
    assert.deepEqual(model.files, [
      'config.json',
      'onnx/model.onnx',
      'special_tokens_map.json',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    assert.equal(PRESET_SHAPES.small.vocabSize, PRESET_SHAPES.tiny.vocabSize);
    const tiny = await synthesizeTinyModel();
    try {
      assert.equal(
        await readFile(join(outDir, 'tokenizer.json'), 'utf8'),
        await readFile(join(tiny.outDir, 'tokenizer.json'), 'utf8'),
      );
    } finally {
      await tiny.remove();
    }
  });

  it('writes config.json with the small shape', async () => {
    const config = JSON.parse(await readFile(join(outDir, 'config.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(config['vocab_size'], PRESET_SHAPES.tiny.vocabSize);
    assert.equal(config['dim'], 256);
    assert.equal(config['n_layers'], 4);
    assert.equal(config['n_heads'], 4);
    assert.equal(config['hidden_dim'], 1024);
    assert.equal(config['max_position_embeddings'], 512);
    assert.deepEqual(config['id2label'], { 0: 'positive', 1: 'neutral', 2: 'negative' });
    assert.deepEqual(config['sieve_synthetic'], { preset: 'small', seed: 7 });
  });

  it('runs in ONNX Runtime and matches the reference forward pass', async () => {
    const tokenizer = tokenizers.Tokenizer.fromFile(join(outDir, 'tokenizer.json'));
    const sequences = await Promise.all(TEXTS.map(async (text) => (await tokenizer.encode(text)).getIds()));
    const { ids, mask } = paddedBatch(sequences);
    const actual = await runLogits(session, ids, mask);
    assert.equal(actual.length, TEXTS.length);
    for (const row of actual) {
      assert.equal(row.length, 3);
      assert.ok(row.every(Number.isFinite), `non-finite logits ${row.join(', ')}`);
    }
    const expected = referenceForward(generateDistilBertWeights(PRESET_SHAPES.small, 7), ids, mask);
    const difference = maxAbsDifference(actual, expected);
    assert.ok(difference <= 1e-3, `max abs logits difference ${difference}`);
  });
});
