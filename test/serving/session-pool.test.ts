// Workers with several inference sessions behind the gateway: SIEVE_SESSIONS=2 and the default `auto` (a model as
// small as the tiny one: one session per core, within the memory bound) say what they loaded and why, and answer as
// the in-process runtime does; no inference thread is pinned.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { modelGraphBytes, sessionLayoutOf, TextClassifier, wordEmbeddingTableBytes } from '@sieve/runtime';
import { SieveCluster, tinyModelDir } from '@sieve/testing';

describe('a worker with two sessions', { timeout: 120_000 }, () => {
  let cluster: SieveCluster;
  let local: TextClassifier;

  before(async () => {
    const modelDir = await tinyModelDir();
    local = await TextClassifier.load(modelDir, { intraOpThreads: 1 });
    cluster = await SieveCluster.start({
      modelDir,
      workerEnv: { SIEVE_SESSIONS: '2', SIEVE_INTRA_OP_THREADS: '1' },
    });
  });
  after(async () => {
    await cluster?.stop();
    await local?.close();
  });

  it('logs its two sessions and answers concurrent calls as the in-process runtime does', async () => {
    const loaded = cluster.workers[0]!.output.find((line) => line.includes('"model loaded"'));
    assert.ok(loaded, 'the worker logged "model loaded"');
    assert.equal(JSON.parse(loaded).sessions, 2);
    const texts = Array.from(
      { length: 96 },
      (_, i) => `message ${i} ${'word '.repeat(i % 30)}${i % 3 ? 'great' : 'awful'}`,
    );
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, c) =>
        cluster.classify({ model: 'tiny', texts: texts.filter((_, i) => i % 16 === c) }),
      ),
    );
    const expected = await local.classify(texts);
    answers.forEach((response, c) => {
      const mine = texts.map((_, i) => i).filter((i) => i % 16 === c);
      response.results.forEach((result, k) => {
        const want = expected[mine[k]!]!.labels;
        assert.equal(result.labels[0]!.label, want[0]!.label);
        assert.ok(Math.abs(result.labels[0]!.score - want[0]!.score) < 1e-5);
      });
    });
  });
});

describe('SIEVE_SESSIONS=auto (the default)', { timeout: 120_000 }, () => {
  it('gives an int8 model one session per core and answers as the in-process int8 runtime does', async () => {
    const modelDir = await tinyModelDir();
    const local = await TextClassifier.load(modelDir, { dtype: 'int8', intraOpThreads: 1 });
    const cluster = await SieveCluster.start({
      modelDir,
      workerEnv: { SIEVE_MODEL_DTYPE: 'int8', SIEVE_SESSIONS: 'auto' },
    });
    try {
      const loaded = cluster.workers[0]!.output.find((line) => line.includes('"model loaded"'));
      assert.ok(loaded, 'the worker logged "model loaded"');
      const want = sessionLayoutOf(
        {
          sessions: 'auto',
          provider: 'cpu',
          modelBytes: modelGraphBytes(modelDir, 'int8')!,
          wordEmbeddingBytes: wordEmbeddingTableBytes(modelDir, 'int8'),
        },
        'int8',
        availableParallelism(),
      );
      assert.equal(JSON.parse(loaded).sessions, want.sessions);
      // The tiny model's copies are cheap: one per core fits the memory bound, and the line says so.
      assert.equal(JSON.parse(loaded).layout, want.reason);
      assert.equal(JSON.parse(loaded).dtype, 'int8');
      // The sessions share the table: the worker reads its rows from the model file.
      assert.match(
        JSON.parse(loaded).wordEmbeddings,
        /^read from the model file per batch \(\d+ x 32 int8\)$/,
      );
      const texts = Array.from(
        { length: 24 },
        (_, i) => `note ${i} ${'so '.repeat(i)}${i % 2 ? 'fine' : 'bad'}`,
      );
      // All calls at once, so the worker batches them together: int8 is the static graph (fixed activation
      // scales), so each text scores as it does alone in-process, whatever its batch partners.
      const responses = await Promise.all(
        texts.map((text) => cluster.classify({ model: 'tiny', texts: [text] })),
      );
      for (const [index, text] of texts.entries()) {
        const [expected] = await local.classify([text]);
        const got = responses[index]!.results[0]!.labels[0]!;
        assert.equal(got.label, expected!.labels[0]!.label);
        assert.ok(Math.abs(got.score - expected!.labels[0]!.score) < 1e-6, `${text}: ${got.score}`);
      }
    } finally {
      await cluster.stop();
      await local.close();
    }
  });
});

describe("a worker's inference threads", { timeout: 120_000 }, () => {
  it('may run on any core the worker may (never pinned as ONNX Runtime pins its default pool)', async (t) => {
    const modelDir = await tinyModelDir();
    // No SIEVE_INTRA_OP_THREADS: the worker sizes the pool itself. One session, so that it has a pool of every
    // core (auto gives the tiny model a one-thread session per core, which starts no pool threads to pin).
    const cluster = await SieveCluster.start({
      modelDir,
      workerEnv: { SIEVE_INTRA_OP_THREADS: '', SIEVE_SESSIONS: '1' },
    });
    try {
      await cluster.classify({ model: 'tiny', texts: ['a first batch starts the pool'] });
      const pid = cluster.workers[0]!.pid!;
      // A thread that ends between the listing and the read (a libuv or tokenizer helper) was not pinned either.
      const allowed = (path: string) => {
        try {
          return /Cpus_allowed_list:\s+(.*)/.exec(readFileSync(`${path}/status`, 'utf8'))?.[1];
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
          throw error;
        }
      };
      const own = allowed(`/proc/${pid}`);
      const threads = readdirSync(`/proc/${pid}/task`);
      t.diagnostic(`${threads.length} threads, allowed cores ${own}`);
      for (const task of threads) {
        const cores = allowed(`/proc/${pid}/task/${task}`);
        if (cores !== undefined) assert.equal(cores, own, `thread ${task}`);
      }
      const loaded = cluster.workers[0]!.output.find((line) => line.includes('"model loaded"'));
      assert.equal(JSON.parse(loaded!).intraOpThreads, availableParallelism());
    } finally {
      await cluster.stop();
    }
  });
});
