import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { generateDistilBertWeights, PRESET_SHAPES } from '@sieve/synth';
import { tinyModelDir } from '@sieve/testing';
import {
  FeaturesUnavailableError,
  locatePooledFeatures,
  TextClassifier,
  type TokenizedText,
} from '../src/index.ts';

const { ModelProto, TensorProto } = onnxProto.onnx;
const TEXTS = ['I love this', 'terrible service, never again', 'ok', 'win a free prize now, call 0800 123'];

async function rowsOf(classifier: TextClassifier): Promise<Int32Array[]> {
  return ((await classifier.tokenize(TEXTS)) as TokenizedText[]).map((t) => t.ids);
}

/** A copy of the tiny model directory whose graph `edit` rewrote. */
function editedCopy(
  dir: string,
  edit: (model: ReturnType<typeof ModelProto.decode>, onnxDir: string) => void,
) {
  const copy = mkdtempSync(join(tmpdir(), 'sieve-features-test-'));
  cpSync(dir, copy, { recursive: true });
  const path = join(copy, 'onnx', 'model.onnx');
  const model = ModelProto.decode(readFileSync(path));
  edit(model, join(copy, 'onnx'));
  writeFileSync(path, ModelProto.encode(model).finish());
  return copy;
}

describe('pooled features beside the logits', () => {
  let dir: string;
  const copies: string[] = [];
  before(async () => {
    dir = await tinyModelDir();
  });
  after(() => {
    for (const copy of copies) rmSync(copy, { recursive: true, force: true });
  });

  for (const thread of [false, true]) {
    it(`are the pooled [CLS] state the head reads: relu(f x W1 + b1) x W2 + b2 reproduces the logits (${thread ? 'threaded' : 'in-thread'} session)`, async () => {
      const classifier = await TextClassifier.load(dir, { intraOpThreads: 1, features: true, thread });
      try {
        const { dim, numLabels } = PRESET_SHAPES.tiny;
        assert.deepEqual(classifier.info.features, { available: true, dim });
        // The generator's own weights, not the graph's: an independent check of which tensor was exposed.
        const { preClassifier, classifier: layer } = generateDistilBertWeights(PRESET_SHAPES.tiny, 42);
        const linear = (input: ArrayLike<number>, weights: typeof layer, outputs: number) =>
          Array.from({ length: outputs }, (_, j) => {
            let sum = weights.bias.data[j]!;
            for (let i = 0; i < input.length; i++) sum += input[i]! * weights.weight.data[i * outputs + j]!;
            return sum;
          });
        const rows = await rowsOf(classifier);
        const { logits, features } = await classifier.predictWithFeatures(rows);
        const plain = await classifier.predict(rows);
        features.forEach((row, r) => {
          assert.equal(row.length, dim);
          const hidden = linear(row, preClassifier, dim).map((value) => Math.max(0, value));
          const expected = linear(hidden, layer, numLabels);
          for (let label = 0; label < numLabels; label++) {
            const actual = logits[r]![label]!;
            assert.ok(
              Math.abs(expected[label]! - actual) < 1e-4,
              `row ${r} label ${label}: ${expected[label]} vs ${actual}`,
            );
            assert.ok(Math.abs(plain[r]![label]! - actual) < 1e-5, 'asking for features changes no logit');
          }
        });
        // The texts differ, so must their features (a constant would train nothing).
        assert.notDeepEqual([...features[0]!], [...features[1]!]);
      } finally {
        await classifier.close();
      }
    });
  }

  it('are off unless asked for, and say so', async () => {
    const classifier = await TextClassifier.load(dir, { intraOpThreads: 1 });
    try {
      assert.equal(classifier.info.features.available, false);
      await assert.rejects(
        classifier.predictWithFeatures(await rowsOf(classifier)),
        FeaturesUnavailableError,
      );
    } finally {
      await classifier.close();
    }
  });

  it('come from the int8 graph too (quantize_dynamic pattern)', async () => {
    const classifier = await TextClassifier.load(dir, { intraOpThreads: 1, features: true, dtype: 'int8' });
    try {
      assert.deepEqual(classifier.info.features, { available: true, dim: PRESET_SHAPES.tiny.dim });
      const { features } = await classifier.predictWithFeatures(await rowsOf(classifier));
      assert.ok(features.every((row) => row.every(Number.isFinite)));
    } finally {
      await classifier.close();
    }
  });

  it('resolve external-data files beside the graph (weights in model.onnx_data)', async () => {
    const copy = editedCopy(dir, (model, onnxDir) => {
      // What torch.onnx.export writes for large models: raw tensors in model.onnx_data, located by offset.
      const chunks: Buffer[] = [];
      let offset = 0;
      for (const tensor of model.graph!.initializer!) {
        if (!tensor.rawData || tensor.rawData.byteLength < 1024) continue;
        chunks.push(Buffer.from(tensor.rawData));
        tensor.externalData = [
          { key: 'location', value: 'model.onnx_data' },
          { key: 'offset', value: String(offset) },
          { key: 'length', value: String(tensor.rawData.byteLength) },
        ];
        tensor.dataLocation = TensorProto.DataLocation.EXTERNAL;
        offset += tensor.rawData.byteLength;
        tensor.rawData = new Uint8Array(0);
      }
      writeFileSync(join(onnxDir, 'model.onnx_data'), Buffer.concat(chunks));
    });
    copies.push(copy);
    const inline = await TextClassifier.load(dir, { intraOpThreads: 1, features: true });
    const external = await TextClassifier.load(copy, { intraOpThreads: 1, features: true });
    try {
      const rows = await rowsOf(inline);
      const [a, b] = [await inline.predictWithFeatures(rows), await external.predictWithFeatures(rows)];
      a.features.forEach((row, r) =>
        row.forEach((value, i) => assert.ok(Math.abs(value - b.features[r]![i]!) < 1e-6)),
      );
    } finally {
      await inline.close();
      await external.close();
    }
  });

  it('are unavailable, with the reason, when the graph ends in something else; the model still serves', async () => {
    const copy = editedCopy(dir, (model) => {
      const graph = model.graph!;
      for (const node of graph.node!)
        node.output = node.output!.map((name) => (name === 'logits' ? 'scaled' : name));
      graph.initializer!.push({
        name: 'one',
        dataType: TensorProto.DataType.FLOAT,
        dims: [],
        floatData: [1],
      });
      graph.node!.push({ name: 'Scale', opType: 'Mul', input: ['scaled', 'one'], output: ['logits'] });
    });
    copies.push(copy);
    const classifier = await TextClassifier.load(copy, { intraOpThreads: 1, features: true, thread: true });
    try {
      const features = classifier.info.features;
      assert.equal(features.available, false);
      assert.match(
        features.available ? '' : features.reason,
        /"logits" comes from a Mul node, not Gemm or Add\(MatMul, bias\)/,
      );
      const [result] = await classifier.classify(['still classifies']);
      assert.equal(result!.labels.length, 3);
    } finally {
      await classifier.close();
    }
  });

  it('recognise the heads exporters write: BERT pooler (Gemm, Tanh, Gemm), a single linear layer', () => {
    const constant = (name: string) => ({
      name,
      dataType: TensorProto.DataType.FLOAT,
      dims: [1],
      floatData: [0],
    });
    const bert = {
      input: [{ name: 'input_ids' }],
      initializer: ['pooler.W', 'pooler.b', 'classifier.W', 'classifier.b'].map(constant),
      node: [
        { opType: 'Gather', input: ['hidden', 'zero'], output: ['cls'] },
        { opType: 'Gemm', input: ['cls', 'pooler.W', 'pooler.b'], output: ['pooled'] },
        { opType: 'Tanh', input: ['pooled'], output: ['activated'] },
        { opType: 'Gemm', input: ['activated', 'classifier.W', 'classifier.b'], output: ['logits'] },
      ],
    };
    assert.deepEqual(locatePooledFeatures(bert, 'logits'), { available: true, outputName: 'cls' });
    const single = {
      initializer: ['W', 'b'].map(constant),
      node: [
        { opType: 'Gather', input: ['hidden', 'zero'], output: ['cls'] },
        { opType: 'MatMul', input: ['cls', 'W'], output: ['product'] },
        { opType: 'Add', input: ['b', 'product'], output: ['logits'] },
      ],
    };
    assert.deepEqual(locatePooledFeatures(single, 'logits'), { available: true, outputName: 'cls' });
    const unrecognised = locatePooledFeatures(
      { node: [{ opType: 'Softmax', input: ['x'], output: ['logits'] }] },
      'logits',
    );
    assert.equal(unrecognised.available, false);
  });
});
