import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { tinyModelDir } from '@sieve/testing';
import { ModelLoadError, OnnxModelSession, prepareSessionGraph } from '../src/index.ts';
import { SAMPLE_BATCH } from './sample-batch.ts';

const { ModelProto, TensorProto } = onnxProto.onnx;

const BATCH = SAMPLE_BATCH;

/** The graph file as exporters write it, loaded by ONNX Runtime itself from its path: the reference. */
async function plainLogits(path: string): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(path, { intraOpNumThreads: 1 });
  try {
    const dims = [BATCH.batchSize, BATCH.sequenceLength];
    const outputs = await session.run({
      input_ids: new ort.Tensor('int64', BATCH.inputIds, dims),
      attention_mask: new ort.Tensor('int64', BATCH.attentionMask, dims),
    });
    return outputs.logits!.data as Float32Array;
  } finally {
    await session.release();
  }
}

describe('the graph a session is created from', () => {
  let dir: string;
  const scratch: string[] = [];
  before(async () => {
    dir = await tinyModelDir();
  });
  after(() => {
    for (const path of scratch) rmSync(path, { recursive: true, force: true });
  });

  for (const file of ['model.onnx', 'model_quantized.onnx']) {
    it(`reads the inline weights of ${file} in place: each points at its own bytes in the file`, async () => {
      const path = join(dir, 'onnx', file);
      const bytes = readFileSync(path);
      const graph = await prepareSessionGraph(path, { features: true });
      assert.equal(graph.externalDataFolder, join(dir, 'onnx'));
      const original = ModelProto.decode(bytes);
      const inlineOf = new Map(original.graph!.initializer!.map((tensor) => [tensor.name, tensor.rawData]));
      // Every weight of a page or more stays in the file; biases and norms may stay in the graph.
      const large = [...inlineOf.values()].filter((raw) => (raw?.byteLength ?? 0) >= 4096);
      const largeBytes = large.reduce((sum, raw) => sum + raw!.byteLength, 0);
      assert.ok(large.length > 0);
      assert.equal(graph.weightsReadInPlace, largeBytes);
      assert.ok(graph.bytes.length < bytes.length - largeBytes + 4096, `graph ${graph.bytes.length} bytes`);
      const prepared = ModelProto.decode(graph.bytes);
      const external = prepared.graph!.initializer!.filter(
        (tensor) => tensor.dataLocation === TensorProto.DataLocation.EXTERNAL,
      );
      assert.ok(external.length > 0);
      for (const tensor of external) {
        const entry = (key: string) => tensor.externalData!.find((e) => e.key === key)?.value;
        assert.equal(entry('location'), file);
        const offset = Number(entry('offset'));
        const length = Number(entry('length'));
        assert.deepEqual(bytes.subarray(offset, offset + length), Buffer.from(inlineOf.get(tensor.name)!));
      }
    });

    it(`serves ${file} with the logits ONNX Runtime gives for the file as it is, mapping the file`, async () => {
      const path = join(dir, 'onnx', file);
      const session = await OnnxModelSession.create(path, { intraOpThreads: 1, features: true });
      try {
        const { logits } = await session.run(BATCH);
        assert.deepEqual([...logits], [...(await plainLogits(path))]);
        assert.equal(session.features.available, true);
        if (process.platform === 'linux') {
          // Mapped, not copied: the worker's memory holds only the pages of the weights it touches.
          const maps = readFileSync('/proc/self/maps', 'utf8');
          assert.ok(maps.includes(path), `${path} is not mapped`);
        }
      } finally {
        await session.release();
      }
    });
  }

  it('says whether the graph file could not be read or is not an ONNX graph', async () => {
    const missing = join(tmpdir(), 'sieve-no-such-graph', 'model.onnx');
    await assert.rejects(OnnxModelSession.create(missing), (error: unknown) => {
      assert.ok(error instanceof ModelLoadError);
      assert.match(error.message, /model\.onnx: cannot read it: ENOENT/);
      return true;
    });
    const copy = mkdtempSync(join(tmpdir(), 'sieve-session-graph-'));
    scratch.push(copy);
    writeFileSync(join(copy, 'model.onnx'), 'this is not a protobuf');
    await assert.rejects(
      OnnxModelSession.create(join(copy, 'model.onnx')),
      /model\.onnx: not a valid ONNX graph/,
    );
  });

  it('refuses external data outside the model folder, naming the tensor and the location', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'sieve-session-graph-'));
    scratch.push(copy);
    cpSync(dir, copy, { recursive: true });
    const path = join(copy, 'onnx', 'model.onnx');
    const model = ModelProto.decode(readFileSync(path));
    const tensor = model.graph!.initializer!.find((t) => (t.rawData?.byteLength ?? 0) > 1024)!;
    tensor.rawData = new Uint8Array(0);
    tensor.dataLocation = TensorProto.DataLocation.EXTERNAL;
    tensor.externalData = [{ key: 'location', value: '../../secrets.bin' }];
    writeFileSync(path, ModelProto.encode(model).finish());
    await assert.rejects(OnnxModelSession.create(path, { intraOpThreads: 1 }), (error: unknown) => {
      assert.ok(error instanceof ModelLoadError);
      assert.equal(error.file, path);
      assert.match(error.message, new RegExp(`"\\.\\./\\.\\./secrets\\.bin" of tensor "${tensor.name}"`));
      return true;
    });
  });
});
