import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { tinyModelDir } from '@sieve/testing';
import {
  OnnxModelSession,
  TextClassifier,
  prepareSessionGraph,
  type PaddedBatch,
  type WordEmbeddingTable,
} from '../src/index.ts';
import { SAMPLE_BATCH } from './sample-batch.ts';
import { WordEmbeddingRows } from '../src/word-embedding-rows.ts';

const { ModelProto, TensorProto } = onnxProto.onnx;

const BATCH = SAMPLE_BATCH;

async function logitsOf(path: string, wordEmbeddingsOutside: boolean, batch = BATCH) {
  const session = await OnnxModelSession.create(path, { intraOpThreads: 1, wordEmbeddingsOutside });
  try {
    return { logits: [...(await session.run(batch)).logits], wordEmbeddings: session.wordEmbeddings };
  } finally {
    await session.release();
  }
}

/** The table's rows as the graph stores them, widened to float32 the way DequantizeLinear does. */
function tableRowsOf(path: string, ids: number[]): number[] {
  const graph = ModelProto.decode(readFileSync(path)).graph!;
  const gather = graph.node!.find((node) => node.opType === 'Gather' && node.input![1] === 'input_ids')!;
  const tensor = graph.initializer!.find((entry) => entry.name === gather.input![0])!;
  const width = Number(tensor.dims![1]);
  const raw = Buffer.from(tensor.rawData!);
  if (tensor.dataType === TensorProto.DataType.FLOAT) {
    return ids.flatMap((id) =>
      Array.from({ length: width }, (_, i) => raw.readFloatLE((id * width + i) * 4)),
    );
  }
  const dequantize = graph.node!.find((node) => node.input![0] === gather.output![0])!;
  const scalar = (name: string) => graph.initializer!.find((entry) => entry.name === name)!;
  const scale = Buffer.from(scalar(dequantize.input![1]!).rawData!).readFloatLE(0);
  const zeroPoint = Buffer.from(scalar(dequantize.input![2]!).rawData!).readInt8(0);
  return ids.flatMap((id) =>
    Array.from({ length: width }, (_, i) => Math.fround((raw.readInt8(id * width + i) - zeroPoint) * scale)),
  );
}

describe('the word embeddings read outside the graph', () => {
  let dir: string;
  const scratch: string[] = [];
  const copyOfModel = () => {
    const copy = mkdtempSync(join(tmpdir(), 'sieve-word-embeddings-'));
    scratch.push(copy);
    cpSync(dir, copy, { recursive: true });
    return copy;
  };
  before(async () => {
    dir = await tinyModelDir();
  });
  after(() => {
    for (const path of scratch) rmSync(path, { recursive: true, force: true });
  });

  for (const [file, type] of [
    ['model.onnx', 'float32'],
    ['model_int8_static.onnx', 'int8'],
    ['model_quantized.onnx', 'int8'],
  ] as const) {
    it(`${file}: the lookup leaves the graph and the logits stay exactly the same`, async () => {
      const path = join(dir, 'onnx', file);
      const graph = await prepareSessionGraph(path, { features: false, cutWordEmbeddings: true });
      assert.ok(
        graph.wordEmbeddings && 'table' in graph.wordEmbeddings,
        JSON.stringify(graph.wordEmbeddings),
      );
      const table = graph.wordEmbeddings.table;
      assert.equal(table.file, path);
      assert.equal(table.encoding.type, type);
      assert.equal(table.width, 32);
      const prepared = ModelProto.decode(graph.bytes).graph!;
      assert.ok(prepared.input!.some((input) => input.name === table.inputName));
      assert.ok(!prepared.node!.some((node) => node.opType === 'Gather' && node.input![1] === 'input_ids'));

      const outside = await logitsOf(path, true);
      const inside = await logitsOf(path, false);
      assert.deepEqual(outside.logits, inside.logits);
      assert.match(
        outside.wordEmbeddings,
        new RegExp(`read from the model file per batch \\(\\d+ x 32 ${type}\\)`),
      );
      assert.equal(inside.wordEmbeddings, 'in the graph');
    });
  }

  it('gathers exactly the stored rows, repeated ids included, and names an id outside the table', async () => {
    for (const file of ['model.onnx', 'model_int8_static.onnx']) {
      const path = join(dir, 'onnx', file);
      const graph = await prepareSessionGraph(path, { features: false, cutWordEmbeddings: true });
      const table = (graph.wordEmbeddings as { table: WordEmbeddingTable }).table;
      const rows = new WordEmbeddingRows(table);
      try {
        const ids = [5, 0, 5, table.rows - 1, 0];
        const gathered = rows.gather(BigInt64Array.from(ids.map(BigInt)));
        assert.deepEqual([...gathered], tableRowsOf(path, ids));
        rows.recycle(gathered);
        // A recycled buffer serves the next batch: its stale rows never leak into a shorter one.
        assert.deepEqual([...rows.gather(BigInt64Array.of(7n))], tableRowsOf(path, [7]));
        assert.throws(
          () => rows.gather(BigInt64Array.of(1n, BigInt(table.rows))),
          new RegExp(
            `token id ${table.rows} is outside the model's word embedding table of ${table.rows} rows`,
          ),
        );
      } finally {
        rows.close();
      }
    }
  });

  it('says so when the model file ends before a row', async () => {
    const copy = copyOfModel();
    const path = join(copy, 'onnx', 'model.onnx');
    const graph = await prepareSessionGraph(path, { features: false, cutWordEmbeddings: true });
    const table = (graph.wordEmbeddings as { table: WordEmbeddingTable }).table;
    truncateSync(path, table.offset + 4 * table.width * 3 + 10);
    const rows = new WordEmbeddingRows(table);
    try {
      assert.throws(() => rows.gather(BigInt64Array.of(10n)), /ends at byte \d+, before its row at \d+/);
    } finally {
      rows.close();
    }
  });

  it('keeps the lookup in the graph when the table is not one it can read, and says why', async () => {
    // A float16 table (model_fp16.onnx): rows the session would have to widen; the graph keeps its lookup.
    const halfCopy = copyOfModel();
    const halfPath = join(halfCopy, 'onnx', 'model.onnx');
    const half = ModelProto.decode(readFileSync(halfPath));
    const halfTable = half.graph!.initializer!.find((tensor) => tensor.name === tableNameOf(halfPath))!;
    halfTable.dataType = TensorProto.DataType.FLOAT16;
    writeFileSync(halfPath, ModelProto.encode(half).finish());
    const fp16 = await prepareSessionGraph(halfPath, { features: false, cutWordEmbeddings: true });
    assert.deepEqual(fp16.wordEmbeddings, {
      kept: `the table "${halfTable.name}" is of ONNX type 10, not float32 or 8-bit`,
    });
    // A table another node reads too (tied weights) stays where that node finds it.
    const copy = copyOfModel();
    const path = join(copy, 'onnx', 'model.onnx');
    const model = ModelProto.decode(readFileSync(path));
    const name = tableNameOf(path);
    model.graph!.node!.push({ opType: 'Identity', input: [name], output: ['tied'] });
    model.graph!.output!.push({
      name: 'tied',
      type: { tensorType: { elemType: TensorProto.DataType.FLOAT } },
    });
    writeFileSync(path, ModelProto.encode(model).finish());
    const tied = await prepareSessionGraph(path, { features: false, cutWordEmbeddings: true });
    assert.deepEqual(tied.wordEmbeddings, { kept: `the table "${name}" is used by another node` });
    const session = await OnnxModelSession.create(path, { intraOpThreads: 1 });
    await session.release();
    assert.match(session.wordEmbeddings, /^in the graph: the table .* is used by another node$/);
  });

  it('serves the same answers from threaded sessions sharing one prepared graph', async () => {
    const texts = ['good movie', 'bad', 'the service was great and the food terrible'];
    const load = (sessions: number, wordEmbeddingsOutside: boolean) =>
      TextClassifier.load(dir, {
        dtype: 'int8',
        thread: true,
        sessions,
        intraOpThreads: 1,
        wordEmbeddingsOutside,
      });
    const pooled = await load(2, true);
    const plain = await load(1, false);
    try {
      assert.match(pooled.info.wordEmbeddings, /^read from the model file per batch/);
      assert.equal(plain.info.wordEmbeddings, 'in the graph');
      const scores = async (classifier: TextClassifier) =>
        (await classifier.classify(texts)).map((result) => ('labels' in result ? result.labels : result));
      assert.deepEqual(await scores(pooled), await scores(plain));
    } finally {
      await pooled.close();
      await plain.close();
    }
  });

  it('keeps concurrent in-process runs apart (each batch its own rows)', async () => {
    const path = join(dir, 'onnx', 'model.onnx');
    const other: PaddedBatch = {
      inputIds: BigInt64Array.from([101n, 400n, 102n, 101n, 500n, 102n]),
      attentionMask: BigInt64Array.from([1n, 1n, 1n, 1n, 1n, 1n]),
      batchSize: 2,
      sequenceLength: 3,
    };
    const alone = [(await logitsOf(path, true)).logits, (await logitsOf(path, true, other)).logits];
    const session = await OnnxModelSession.create(path, { intraOpThreads: 1 });
    try {
      const together = await Promise.all([session.run(BATCH), session.run(other), session.run(BATCH)]);
      assert.deepEqual(
        together.map((output) => [...output.logits]),
        [alone[0], alone[1], alone[0]],
      );
    } finally {
      await session.release();
    }
  });
});

function tableNameOf(path: string): string {
  const graph = ModelProto.decode(readFileSync(path)).graph!;
  return graph.node!.find((node) => node.opType === 'Gather' && node.input![1] === 'input_ids')!.input![0]!;
}
