import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as ort from 'onnxruntime-node';
import { synthesizeModel } from '@sieve/synth';
import { sharedDataFile, tinyModelDir } from '@sieve/testing';
import { ModelLoadError, TextClassifier, locateModelFiles, type TokenizedText } from '../src/index.ts';
import { float32Data } from '../src/float16-output.ts';

// fp16 vs fp32 logits, measured on these 720 texts with the tiny model: at most 0.029 apart (mean 0.006), 719/720
// argmax equal; the bound leaves room above that while catching a broken graph (see packages/synth's
// float16-model.test.ts).
const FP16_LOGIT_TOLERANCE = 0.05;

describe('an fp16 model (onnx/model_fp16.onnx) served on the CPU', () => {
  let dir: string;
  let fp32: TextClassifier;
  let fp16: TextClassifier;
  let withoutFp16: string;

  before(async () => {
    withoutFp16 = await tinyModelDir();
    dir = mkdtempSync(join(tmpdir(), 'sieve-fp16-runtime-'));
    await synthesizeModel({ preset: 'tiny', outDir: dir, fp16: true });
    fp32 = await TextClassifier.load(dir, { intraOpThreads: 1 });
    fp16 = await TextClassifier.load(dir, { intraOpThreads: 1, dtype: 'fp16', features: true });
  });
  after(async () => {
    await fp32?.close();
    await fp16?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is found by dtype fp16, and its absence is named with how to make one', async () => {
    assert.equal(locateModelFiles(dir, 'fp16').onnx, join(dir, 'onnx', 'model_fp16.onnx'));
    assert.equal(fp16.info.dtype, 'fp16');
    assert.throws(
      () => locateModelFiles(withoutFp16, 'fp16'),
      (error: unknown) =>
        error instanceof ModelLoadError && /model_fp16\.onnx.*models synth --fp16/.test(error.message),
    );
  });

  it('scores like fp32 on the shared multilingual sample, logits and features as float32', async (t) => {
    const sample = sharedDataFile('sentiment-multilingual-sample.jsonl');
    if ('skip' in sample) return t.skip(sample.skip);
    const texts = readFileSync(sample.path, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { text: string }).text);
    let largest = 0;
    let agreeing = 0;
    for (let start = 0; start < texts.length; start += 16) {
      const tokenized = (await fp32.tokenize(texts.slice(start, start + 16))) as TokenizedText[];
      const rows = tokenized.map((text) => text.ids);
      const expected = await fp32.predict(rows);
      const actual = await fp16.predictWithFeatures(rows);
      actual.logits.forEach((row, i) => {
        assert.ok(row instanceof Float32Array);
        const reference = expected[i]!;
        row.forEach((value, j) => (largest = Math.max(largest, Math.abs(value - reference[j]!))));
        if (argmax(row) === argmax(reference)) agreeing += 1;
      });
      assert.ok(actual.features.every((row) => row instanceof Float32Array && row.every(Number.isFinite)));
    }
    t.diagnostic(
      `${texts.length} texts: max abs logit difference ${largest.toFixed(4)}, argmax ${agreeing} agree`,
    );
    assert.ok(largest <= FP16_LOGIT_TOLERANCE, `max abs logit difference ${largest}`);
    assert.ok(agreeing >= Math.ceil(texts.length * 0.99), `${agreeing}/${texts.length} argmax agree`);
  });
});

describe('float32Data', () => {
  const tensor = (type: string, data: unknown): ort.Tensor => ({ type, data }) as unknown as ort.Tensor;

  it('widens float16 bits (a Uint16Array, where Node has no Float16Array) to float32', () => {
    // 1, -2, 0.5, 65504, -0, a subnormal, Infinity
    const bits = Uint16Array.of(0x3c00, 0xc000, 0x3800, 0x7bff, 0x8000, 0x0001, 0x7c00);
    assert.deepEqual(Array.from(float32Data(tensor('float16', bits))!), [
      1,
      -2,
      0.5,
      65504,
      -0,
      2 ** -24,
      Infinity,
    ]);
  });

  it('takes float16 values as numbers where Node has Float16Array, and float32 without a copy', () => {
    const values = [1.5, -0.25];
    assert.deepEqual(Array.from(float32Data(tensor('float16', values))!), values);
    const float32 = Float32Array.of(1, 2);
    assert.equal(float32Data(tensor('float32', float32)), float32);
    assert.equal(float32Data(tensor('int64', BigInt64Array.of(1n))), undefined);
  });
});

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
