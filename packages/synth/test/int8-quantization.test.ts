import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { PRESET_SHAPES } from '../src/index.ts';
import { SeededNormalGenerator } from '../src/seeded-normal-generator.ts';
import {
  argmax,
  maxAbsDifference,
  paddedBatch,
  runLogits,
  synthesizeTinyModel,
} from './tiny-model-fixture.ts';

describe('int8 model_quantized.onnx (tiny preset)', () => {
  let model: Awaited<ReturnType<typeof synthesizeTinyModel>>;
  let fp32: ort.InferenceSession;
  let int8: ort.InferenceSession;

  before(async () => {
    model = await synthesizeTinyModel({ int8: true });
    fp32 = await ort.InferenceSession.create(join(model.outDir, 'onnx', 'model.onnx'));
    int8 = await ort.InferenceSession.create(join(model.outDir, 'onnx', 'model_quantized.onnx'));
  });
  after(async () => {
    await fp32?.release();
    await int8?.release();
    await model?.remove();
  });

  it('is listed and smaller than the fp32 model', async () => {
    assert.ok(model.files.includes('onnx/model_quantized.onnx'));
    const quantizedSize = (await stat(join(model.outDir, 'onnx', 'model_quantized.onnx'))).size;
    const fullSize = (await stat(join(model.outDir, 'onnx', 'model.onnx'))).size;
    assert.ok(quantizedSize < fullSize * 0.6, `int8 ${quantizedSize} bytes vs fp32 ${fullSize} bytes`);
  });

  it('quantises every constant-weight MatMul and the word embeddings the way quantize_dynamic does', async () => {
    const decoded = onnxProto.onnx.ModelProto.decode(
      await readFile(join(model.outDir, 'onnx', 'model_quantized.onnx')),
    );
    const nodes = decoded.graph?.node ?? [];
    const initializerNames = new Set((decoded.graph?.initializer ?? []).map((tensor) => tensor.name));
    const count = (opType: string): number => nodes.filter((node) => node.opType === opType).length;
    const { nLayers } = PRESET_SHAPES.tiny;
    // q, k, v, out_lin, lin1, lin2 per layer, plus pre_classifier and classifier.
    assert.equal(count('MatMulInteger'), nLayers * 6 + 2);
    // q, k and v share one quantised input.
    assert.equal(count('DynamicQuantizeLinear'), nLayers * 4 + 2);
    const floatMatMuls = nodes.filter((node) => node.opType === 'MatMul');
    assert.ok(
      floatMatMuls.every((node) => !initializerNames.has(node.input?.[1] ?? '')),
      'fp32 MatMul left on a weight',
    );
    assert.equal(floatMatMuls.length, nLayers * 2, 'only QK^T and PV stay fp32');
    assert.equal(count('DequantizeLinear'), 1, 'word embedding table dequantised after Gather');
    // weight_type=QInt8 (quantize_dynamic's default): signed, symmetric weights, the u8 x s8 GEMM's fast path.
    const initializers = new Map((decoded.graph?.initializer ?? []).map((tensor) => [tensor.name, tensor]));
    const int8Type = onnxProto.onnx.TensorProto.DataType.INT8;
    for (const node of nodes.filter((candidate) => candidate.opType === 'MatMulInteger')) {
      const weight = initializers.get(node.input?.[1] ?? '');
      const zeroPoint = initializers.get(node.input?.[3] ?? '');
      assert.equal(weight?.dataType, int8Type, `${node.name} weight is not int8`);
      assert.equal(zeroPoint?.dataType, int8Type, `${node.name} weight zero point is not int8`);
      assert.deepEqual([...(zeroPoint?.rawData ?? [])], [0], `${node.name} weights are not symmetric`);
    }
    assert.deepEqual(int8.inputNames, ['input_ids', 'attention_mask']);
    assert.deepEqual(int8.outputNames, ['logits']);
  });

  it('agrees with fp32 on the argmax of at least 80% of 50 random inputs', async (context) => {
    const random = new SeededNormalGenerator(7);
    const sequences = Array.from({ length: 50 }, () => {
      const length = 3 + random.uniformInt(30);
      return [
        101,
        ...Array.from({ length }, () => 104 + random.uniformInt(PRESET_SHAPES.tiny.vocabSize - 104)),
        102,
      ];
    });
    const { ids, mask } = paddedBatch(sequences);
    const reference = await runLogits(fp32, ids, mask);
    const quantized = await runLogits(int8, ids, mask);
    assert.equal(quantized.length, 50);
    assert.ok(quantized.every((row) => row.length === 3 && row.every(Number.isFinite)));
    const agreeing = reference.filter((row, i) => argmax(row) === argmax(quantized[i] ?? [])).length;
    const difference = maxAbsDifference(reference.map(softmax), quantized.map(softmax));
    context.diagnostic(
      `argmax agreement ${agreeing}/50, max abs probability difference ${difference.toFixed(4)}`,
    );
    assert.ok(agreeing >= 40, `only ${agreeing}/50 argmax agree`);
  });
});

function softmax(logits: number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((logit) => Math.exp(logit - max));
  const total = exps.reduce((sum, value) => sum + value, 0);
  return exps.map((value) => value / total);
}
