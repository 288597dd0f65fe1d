// The main job's model path as a user runs it: `sieve models pull` from a hub (here a loopback stand-in serving
// a synthetic model in the hub's URL layout), a worker serving the pulled directory, and a worker refusing a
// pulled file that changed since (a served digest never changes silently).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeHub, ServiceProcess, SieveCluster, tinyModelDir, type FakeRepoFile } from '@sieve/testing';
import { runSieve } from '../fixtures/sieve-cli.ts';

const MODEL = 'distilbert-multilingual-sentiment';

describe('a model pulled from the hub', { timeout: 180_000 }, () => {
  let hub: FakeHub;
  let store: string;
  let pulledDir: string;

  before(async () => {
    const tiny = await tinyModelDir();
    const files: Record<string, FakeRepoFile> = {};
    for (const path of [
      'config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'special_tokens_map.json',
      'onnx/model.onnx',
    ]) {
      files[path] = { content: readFileSync(join(tiny, path)), lfs: path.endsWith('.onnx') };
    }
    hub = await FakeHub.start(files);
    store = mkdtempSync(join(tmpdir(), 'sieve-store-'));
  });
  after(async () => {
    await hub?.close();
    rmSync(store, { recursive: true, force: true });
  });

  it('is fetched by `sieve models pull` with a manifest of sha256s', async () => {
    // Asynchronously: the stand-in hub answers from this process's event loop.
    const run = await runSieve(['models', 'pull', '--endpoint', hub.endpoint, '--dir', store], {
      timeoutMs: 60_000,
    });
    assert.equal(run.code, 0, run.stderr);
    // The default model goes under the name the docs use; stdout is its path alone.
    const versions = readdirSync(join(store, 'sentiment'));
    assert.equal(versions.length, 1);
    pulledDir = join(store, 'sentiment', versions[0]!);
    assert.equal(run.stdout, `${pulledDir}\n`);
    assert.match(run.stderr, new RegExp(hub.commit));
    const manifest = JSON.parse(readFileSync(join(pulledDir, 'manifest.json'), 'utf8')) as {
      source: { revision: string };
      files: Record<string, { sha256: string }>;
    };
    assert.equal(manifest.source.revision, hub.commit);
    assert.match(manifest.files['onnx/model.onnx']!.sha256, /^[0-9a-f]{64}$/);
  });

  it('is served by a worker that checked it against its manifest', async () => {
    const cluster = await SieveCluster.start({ modelDir: pulledDir, model: MODEL });
    try {
      const response = await cluster.classify({ model: MODEL, texts: ['pulled and served'] });
      assert.equal(response.results[0]!.labels.length, 3);
      assert.ok(cluster.workers[0]!.output.some((line) => line.includes('model files match their manifest')));
    } finally {
      await cluster.stop();
    }
  });

  it('gains an fp16 graph converted from fp32, which a worker serves on the CPU with SIEVE_MODEL_DTYPE=fp16', async () => {
    // The stand-in repository has no onnx/model_fp16.onnx, as older exports have none.
    const run = await runSieve(
      ['models', 'pull', '--dtype', 'fp16', '--endpoint', hub.endpoint, '--dir', store],
      { timeoutMs: 60_000 },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `${pulledDir}\n`);
    assert.match(run.stderr, /onnx\/model_fp16\.onnx: .*converted from the fp32 graph/);
    const manifest = JSON.parse(readFileSync(join(pulledDir, 'manifest.json'), 'utf8')) as {
      dtypes: string[];
    };
    assert.deepEqual(manifest.dtypes, ['fp32', 'fp16']);

    const texts = ['pulled and served', 'in half precision'];
    const answers: Record<string, { label: string; score: number }[][]> = {};
    for (const dtype of ['fp32', 'fp16']) {
      const cluster = await SieveCluster.start({
        modelDir: pulledDir,
        model: MODEL,
        workerEnv: { SIEVE_MODEL_DTYPE: dtype },
      });
      try {
        const response = await cluster.classify({ model: MODEL, texts });
        answers[dtype] = response.results.map((result) => result.labels);
      } finally {
        await cluster.stop();
      }
    }
    // Probabilities within 0.01 (fp16 logits measured within 0.03 of fp32: docs/models.md).
    answers.fp16!.forEach((labels, i) => {
      const reference = new Map(answers.fp32![i]!.map((label) => [label.label, label.score]));
      assert.equal(labels[0]!.label, answers.fp32![i]![0]!.label);
      for (const label of labels) assert.ok(Math.abs(label.score - reference.get(label.label)!) <= 0.01);
    });
  });

  it('is refused, naming the file, once a file differs from the manifest', async () => {
    appendFileSync(join(pulledDir, 'onnx/model.onnx'), Buffer.from([0]));
    const started = ServiceProcess.start(
      'worker',
      { SIEVE_MODEL_DIR: pulledDir, REDIS_URL: 'redis://127.0.0.1:1' },
      /worker ready/,
      30_000,
    );
    const error = await started.then(
      () => assert.fail('the worker served a modified model'),
      (e: Error) => e,
    );
    assert.match(error.message, /exited with 1/);
    assert.match(error.message, /onnx\/model\.onnx/);
  });
});
