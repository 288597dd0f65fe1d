import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { float16Value } from '@sieve/runtime';
import { PRESET_SHAPES, convertModelToFloat16, float16Bits, writeFloat16Model } from '../src/index.ts';
import { OnnxGraphBuilder, TensorType } from '../src/onnx-graph-builder.ts';
import { onnxModelProto, writeOnnxModelProto } from '../src/onnx-model-writer.ts';
import { SeededNormalGenerator } from '../src/seeded-normal-generator.ts';
import {
  argmax,
  maxAbsDifference,
  paddedBatch,
  runLogits,
  synthesizeTinyModel,
} from './tiny-model-fixture.ts';

const { ModelProto, TensorProto } = onnxProto.onnx;
const FLOAT16 = TensorProto.DataType.FLOAT16;

// Measured fp16 vs fp32 logits on the 720 texts of sentiment-multilingual-sample.jsonl: max 0.029 (tiny), 0.021
// (small), mean 0.006, with logits up to 6.5 in size: float16 keeps 11 significant bits (relative step 4.9e-4), and
// the error grows through the layers. 0.05 leaves room above the worst case measured without hiding a broken graph
// (a wrong mask or a lost layer moves logits by whole units).
const FP16_LOGIT_TOLERANCE = 0.05;

describe('float16 bits', () => {
  it('round-trips every float16 value and rounds halfway cases to even', () => {
    for (let bits = 0; bits < 0x10000; bits += 1) {
      const value = float16Value(bits);
      if (!Number.isNaN(value)) assert.equal(float16Bits(value), bits, `bits ${bits.toString(16)}`);
    }
    assert.equal(float16Bits(1 + 2 ** -11), float16Bits(1), 'tie rounds down to the even 1.0');
    assert.equal(float16Bits(1 + 3 * 2 ** -11), float16Bits(1 + 2 ** -9), 'tie rounds up to even');
  });

  it('saturates finite values beyond ±65504 instead of making them infinite', () => {
    assert.equal(float16Value(float16Bits(-3.4028234663852886e38)), -65504);
    assert.equal(float16Value(float16Bits(1e6)), 65504);
    assert.equal(float16Value(float16Bits(-Infinity)), -Infinity);
    assert.ok(Number.isNaN(float16Value(float16Bits(Number.NaN))));
  });
});

describe('onnx/model_fp16.onnx (tiny preset)', () => {
  let model: Awaited<ReturnType<typeof synthesizeTinyModel>>;
  let scratch: string;
  let fp32: ort.InferenceSession;
  let fp16: ort.InferenceSession;

  before(async () => {
    model = await synthesizeTinyModel({ fp16: true });
    scratch = await mkdtemp(join(tmpdir(), 'sieve-fp16-'));
    fp32 = await ort.InferenceSession.create(join(model.outDir, 'onnx', 'model.onnx'));
    fp16 = await ort.InferenceSession.create(join(model.outDir, 'onnx', 'model_fp16.onnx'));
  });
  after(async () => {
    await fp32?.release();
    await fp16?.release();
    await model?.remove();
    await rm(scratch, { recursive: true, force: true });
  });

  it('holds float16 weights, int64 inputs and float16 logits, at about half the fp32 size', async () => {
    assert.ok(model.files.includes('onnx/model_fp16.onnx'));
    const decoded = ModelProto.decode(await readFile(join(model.outDir, 'onnx', 'model_fp16.onnx')));
    const graph = decoded.graph!;
    const floatTypes = (graph.initializer ?? []).filter((tensor) => tensor.dataType === TensorType.float);
    assert.deepEqual(floatTypes, [], 'a float32 initializer is left');
    assert.ok((graph.initializer ?? []).some((tensor) => tensor.dataType === FLOAT16));
    assert.deepEqual(
      graph.input?.map((value) => [value.name, value.type?.tensorType?.elemType]),
      [
        ['input_ids', TensorType.int64],
        ['attention_mask', TensorType.int64],
      ],
    );
    assert.equal(graph.output?.[0]?.type?.tensorType?.elemType, FLOAT16);
    // The attention mask is cast straight to float16: no float32 value is computed anywhere.
    const casts = (graph.node ?? []).filter((node) => node.opType === 'Cast');
    assert.ok(casts.every((node) => Number(node.attribute?.[0]?.i) === FLOAT16));
    const fp16Size = (await stat(join(model.outDir, 'onnx', 'model_fp16.onnx'))).size;
    const fp32Size = (await stat(join(model.outDir, 'onnx', 'model.onnx'))).size;
    assert.ok(fp16Size < fp32Size * 0.55, `fp16 ${fp16Size} bytes vs fp32 ${fp32Size}`);
  });

  it('is what converting the fp32 file gives, byte for byte, and leaves the model converted unchanged', async () => {
    const source = await readFile(join(model.outDir, 'onnx', 'model.onnx'));
    const written = await writeFloat16Model(
      join(model.outDir, 'onnx', 'model.onnx'),
      join(scratch, 'converted.onnx'),
    );
    assert.deepEqual(written, [join(scratch, 'converted.onnx')]);
    assert.deepEqual(
      await readFile(join(scratch, 'converted.onnx')),
      await readFile(join(model.outDir, 'onnx', 'model_fp16.onnx')),
    );
    const decoded = ModelProto.decode(source);
    convertModelToFloat16(decoded);
    assert.deepEqual(
      Buffer.from(ModelProto.encode(decoded).finish()),
      source,
      'the input model was modified',
    );
  });

  it('converts a model whose weights are in external data, writing its own', async () => {
    const decoded = ModelProto.decode(await readFile(join(model.outDir, 'onnx', 'model.onnx')));
    const externalPath = join(scratch, 'external.onnx');
    const paths = await writeOnnxModelProto(decoded, externalPath, true);
    assert.deepEqual(paths, [externalPath, `${externalPath}_data`]);
    const converted = await writeFloat16Model(externalPath, join(scratch, 'external_fp16.onnx'));
    assert.deepEqual(converted, [
      join(scratch, 'external_fp16.onnx'),
      join(scratch, 'external_fp16.onnx_data'),
    ]);
    const session = await ort.InferenceSession.create(converted[0]!);
    try {
      const { ids, mask } = paddedBatch([
        [101, 150, 200, 102],
        [101, 300, 102],
      ]);
      assert.deepEqual(await runLogits(session, ids, mask), await runLogits(fp16, ids, mask));
    } finally {
      await session.release();
    }
  });

  it(`gives fp32's logits within ${FP16_LOGIT_TOLERANCE} and its argmax on at least 99% of 200 random inputs`, async (context) => {
    const random = new SeededNormalGenerator(11);
    const sequences = Array.from({ length: 200 }, () => [
      101,
      ...Array.from(
        { length: 1 + random.uniformInt(60) },
        () => 104 + random.uniformInt(PRESET_SHAPES.tiny.vocabSize - 104),
      ),
      102,
    ]);
    const { ids, mask } = paddedBatch(sequences);
    const reference = await runLogits(fp32, ids, mask);
    const half = await runLogits(fp16, ids, mask);
    const difference = maxAbsDifference(reference, half);
    const agreeing = reference.filter((row, i) => argmax(row) === argmax(half[i] ?? [])).length;
    context.diagnostic(
      `max abs logits difference ${difference.toExponential(2)}, argmax agreement ${agreeing}/200`,
    );
    assert.ok(difference <= FP16_LOGIT_TOLERANCE, `max abs logits difference ${difference}`);
    assert.ok(agreeing >= 198, `only ${agreeing}/200 argmax agree`);
  });

  it('keeps an operator without float16 support in float32 between Casts', async () => {
    // Range(start, limit, delta) + bias: Range takes no float16 in ONNX, Add does.
    const builder = new OnnxGraphBuilder();
    const range = builder.op(
      'Range',
      [builder.floatScalar('start', 0.5), builder.floatScalar('limit', 4), builder.floatScalar('delta', 1)],
      '',
    );
    const sum = builder.op('Add', [range, builder.floatTensor('bias', [4], [0.25, 0.5, 1, 2])], '');
    builder.rename(sum, 'y');
    const fp32Model = onnxModelProto({
      builder,
      inputs: [],
      outputs: [{ name: 'y', type: TensorType.float, dims: [4] }],
      producerVersion: 'test',
    });
    const converted = convertModelToFloat16(fp32Model);
    assert.deepEqual(
      converted.graph?.node?.map((node) => node.opType),
      ['Cast', 'Cast', 'Cast', 'Range', 'Cast', 'Add'],
    );
    // Severity 3: ORT warns that it cannot constant-fold the float16 Add on CPU, which is the point here.
    const session = await ort.InferenceSession.create(ModelProto.encode(converted).finish(), {
      logSeverityLevel: 3,
    });
    try {
      const { y } = await session.run({});
      assert.equal(y?.type, 'float16');
      assert.deepEqual(Array.from(y?.data as Uint16Array, float16Value), [0.75, 2, 3.5, 5.5]);
    } finally {
      await session.release();
    }
  });
});
