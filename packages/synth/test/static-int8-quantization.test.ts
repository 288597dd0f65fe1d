import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import {
  activationQuantizationOf,
  calibrationSequences,
  PRESET_SHAPES,
  quantizeModelStatic,
  staticQuantizationTargets,
  STATIC_INT8_MODEL_PATH,
} from '../src/index.ts';
import {
  argmax,
  maxAbsDifference,
  paddedBatch,
  runLogits,
  synthesizeTinyModel,
} from './tiny-model-fixture.ts';

describe('activationQuantizationOf', () => {
  it('spans the calibrated range widened to 0, so that 0 is exact', () => {
    const { scale, zeroPoint } = activationQuantizationOf({ min: -2, max: 6 });
    assert.equal(scale, Math.fround(8 / 255));
    assert.equal(zeroPoint, Math.round(2 / scale));
    // A ReLU's output: never negative, zero point 0.
    assert.deepEqual(activationQuantizationOf({ min: 0.5, max: 2.55 }), {
      scale: Math.fround(2.55 / 255),
      zeroPoint: 0,
    });
  });

  it('refuses a range the corpus never filled', () => {
    assert.throws(() => activationQuantizationOf({ min: Infinity, max: -Infinity }), /not finite/);
  });
});

describe(`static int8 ${STATIC_INT8_MODEL_PATH} (tiny preset)`, () => {
  let model: Awaited<ReturnType<typeof synthesizeTinyModel>>;
  let fp32: ort.InferenceSession;
  let quantized: ort.InferenceSession;

  before(async () => {
    model = await synthesizeTinyModel({ int8: true });
    fp32 = await ort.InferenceSession.create(join(model.outDir, 'onnx', 'model.onnx'));
    quantized = await ort.InferenceSession.create(join(model.outDir, STATIC_INT8_MODEL_PATH));
  });
  after(async () => {
    await fp32?.release();
    await quantized?.release();
    await model?.remove();
  });

  it('quantises each linear layer with fixed scales: no DynamicQuantizeLinear left', async () => {
    assert.ok(model.files.includes(STATIC_INT8_MODEL_PATH));
    const decoded = onnxProto.onnx.ModelProto.decode(
      await readFile(join(model.outDir, STATIC_INT8_MODEL_PATH)),
    );
    const nodes = decoded.graph?.node ?? [];
    const count = (opType: string): number => nodes.filter((node) => node.opType === opType).length;
    const { nLayers } = PRESET_SHAPES.tiny;
    assert.equal(count('DynamicQuantizeLinear'), 0);
    assert.equal(count('MatMulInteger'), nLayers * 6 + 2);
    // q, k and v share one quantised input, as in the dynamic graph.
    assert.equal(count('QuantizeLinear'), nLayers * 4 + 2);
    assert.equal(count('MatMul'), nLayers * 2, 'only QK^T and PV stay fp32');
    assert.equal(count('DequantizeLinear'), 1, 'word embedding table dequantised after Gather');
    const initializers = new Set((decoded.graph?.initializer ?? []).map((tensor) => tensor.name));
    for (const node of nodes.filter((candidate) => candidate.opType === 'QuantizeLinear')) {
      assert.ok(initializers.has(node.input?.[1] ?? ''), `${node.name}: scale is not a constant`);
      assert.ok(initializers.has(node.input?.[2] ?? ''), `${node.name}: zero point is not a constant`);
    }
    const quantizedSize = (await stat(join(model.outDir, STATIC_INT8_MODEL_PATH))).size;
    const fullSize = (await stat(join(model.outDir, 'onnx', 'model.onnx'))).size;
    assert.ok(quantizedSize < fullSize * 0.6, `int8 ${quantizedSize} bytes vs fp32 ${fullSize} bytes`);
    assert.deepEqual(quantized.inputNames, ['input_ids', 'attention_mask']);
    assert.deepEqual(quantized.outputNames, ['logits']);
  });

  it('refuses to quantise an activation it has no range for', async () => {
    const fp32Model = onnxProto.onnx.ModelProto.decode(
      await readFile(join(model.outDir, 'onnx', 'model.onnx')),
    );
    const targets = staticQuantizationTargets(fp32Model);
    assert.equal(targets.length, PRESET_SHAPES.tiny.nLayers * 4 + 2);
    assert.throws(() => quantizeModelStatic(fp32Model, new Map()), /no calibrated range for/);
  });

  it('agrees with fp32 on the argmax of at least 80% of 50 token sequences it was not calibrated on', async (context) => {
    const sequences = calibrationSequences(PRESET_SHAPES.tiny.vocabSize, 50, 99);
    const { ids, mask } = paddedBatch(sequences);
    const reference = await runLogits(fp32, ids, mask);
    const int8 = await runLogits(quantized, ids, mask);
    const agreeing = reference.filter((row, i) => argmax(row) === argmax(int8[i] ?? [])).length;
    context.diagnostic(
      `argmax agreement ${agreeing}/50, max abs logit difference ${maxAbsDifference(reference, int8).toFixed(4)}`,
    );
    assert.ok(agreeing >= 40, `only ${agreeing}/50 argmax agree`);
  });
});
