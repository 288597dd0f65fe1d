import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import tokenizers from '@anush008/tokenizers';
import * as ort from 'onnxruntime-node';
import { PRESET_SHAPES, generateDistilBertWeights, referenceForward } from '../src/index.ts';
import {
  argmax,
  maxAbsDifference,
  paddedBatch,
  runLogits,
  synthesizeTinyModel,
} from './tiny-model-fixture.ts';

const TEXTS = [
  'I love this movie and i would watch it again and again!',
  'Terrible service.',
  'The food was cold, the staff were rude and the room was dirty. Never again.',
  'ok',
  'Saya suka filem ini dan saya akan menontonnya lagi dan lagi!',
  '私はこの映画が大好きで、何度も見ます！',
];

describe('referenceForward on the tiny preset', () => {
  let model: Awaited<ReturnType<typeof synthesizeTinyModel>>;
  let session: ort.InferenceSession;
  let fp16Session: ort.InferenceSession;
  let sequences: number[][];
  const weights = generateDistilBertWeights(PRESET_SHAPES.tiny, 42);

  before(async () => {
    model = await synthesizeTinyModel({ fp16: true });
    session = await ort.InferenceSession.create(join(model.outDir, 'onnx', 'model.onnx'));
    fp16Session = await ort.InferenceSession.create(join(model.outDir, 'onnx', 'model_fp16.onnx'));
    const tokenizer = tokenizers.Tokenizer.fromFile(join(model.outDir, 'tokenizer.json'));
    sequences = await Promise.all(TEXTS.map(async (text) => (await tokenizer.encode(text)).getIds()));
  });
  after(async () => {
    await session?.release();
    await fp16Session?.release();
    await model?.remove();
  });

  it('matches ONNX Runtime within 1e-4 on a padded batch of different lengths', async (context) => {
    const { ids, mask } = paddedBatch(sequences);
    assert.ok(new Set(sequences.map((sequence) => sequence.length)).size >= 4, 'lengths should differ');
    const expected = referenceForward(weights, ids, mask);
    const actual = await runLogits(session, ids, mask);
    const difference = maxAbsDifference(actual, expected);
    context.diagnostic(`max abs logits difference ${difference.toExponential(2)}`);
    assert.ok(difference <= 1e-4, `max abs logits difference ${difference}`);
  });

  // float16 keeps 11 significant bits: its logits measured within 0.029 of fp32 on the shared corpus and 0.028 of
  // this reference here (float16-model.test.ts has the measurement behind the 0.05 bound).
  it('matches the fp16 graph within 0.05 on the same batch, with the same argmax', async (context) => {
    const { ids, mask } = paddedBatch(sequences);
    const expected = referenceForward(weights, ids, mask);
    const actual = await runLogits(fp16Session, ids, mask);
    const difference = maxAbsDifference(actual, expected);
    context.diagnostic(`fp16: max abs logits difference ${difference.toExponential(2)}`);
    assert.ok(difference <= 0.05, `max abs logits difference ${difference}`);
    assert.deepEqual(actual.map(argmax), expected.map(argmax));
  });

  it('gives a text the same logits alone and padded inside a longer batch', async () => {
    const shortest = sequences.reduce((best, sequence) => (sequence.length < best.length ? sequence : best));
    const alone = paddedBatch([shortest]);
    const batched = paddedBatch([shortest, ...sequences], Math.max(...sequences.map((s) => s.length)) + 7);
    const aloneLogits = await runLogits(session, alone.ids, alone.mask);
    const batchedLogits = (await runLogits(session, batched.ids, batched.mask)).slice(0, 1);
    assert.ok(
      maxAbsDifference(aloneLogits, batchedLogits) <= 1e-4,
      'ONNX Runtime: padding changed the logits',
    );
    const referenceBatched = referenceForward(weights, batched.ids, batched.mask).slice(0, 1);
    assert.ok(
      maxAbsDifference(aloneLogits, referenceBatched) <= 1e-4,
      'reference: padding changed the logits',
    );
  });

  it('gives visibly different scores for different texts', async () => {
    const { ids, mask } = paddedBatch(sequences);
    const probabilities = (await runLogits(session, ids, mask)).map(softmax);
    for (let i = 0; i < probabilities.length; i += 1) {
      for (let j = i + 1; j < probabilities.length; j += 1) {
        const difference = maxAbsDifference([probabilities[i] ?? []], [probabilities[j] ?? []]);
        assert.ok(difference > 1e-3, `texts ${i} and ${j} differ by only ${difference}`);
      }
    }
  });
});

function softmax(logits: number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((logit) => Math.exp(logit - max));
  const total = exps.reduce((sum, value) => sum + value, 0);
  return exps.map((value) => value / total);
}
