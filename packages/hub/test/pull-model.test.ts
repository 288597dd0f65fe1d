import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pullModel, readManifest, type PullProgressEvent } from '../src/index.ts';
import type { FakeHub } from '@sieve/testing';
import { FAKE_COMMIT, FAKE_REPO, sha256 } from '@sieve/testing';
import { fakeHubSuite } from './support/fake-hub-suite.ts';

describe('pullModel against a loopback hub', () => {
  const suite = fakeHubSuite('pull');
  let hub: FakeHub;
  let store: string;
  beforeEach(() => {
    ({ hub, store } = suite);
  });

  it('pulls the catalog model and records the commit and every sha256 in the manifest', async () => {
    const events: PullProgressEvent[] = [];
    const pulled = await pullModel({
      model: 'distilbert-multilingual-sentiment',
      endpoint: hub.endpoint,
      modelsDir: store,
      onProgress: (event) => events.push(event),
    });
    const versionDir = join(store, 'distilbert-multilingual-sentiment', FAKE_COMMIT.slice(0, 12));
    assert.equal(pulled.dir, versionDir);
    assert.equal(pulled.upToDate, false);
    const manifest = await readManifest(versionDir);
    assert.deepEqual(manifest.source, { repo: FAKE_REPO, revision: FAKE_COMMIT, requestedRevision: 'main' });
    assert.deepEqual(manifest.dtypes, ['fp32']);
    assert.deepEqual(manifest.labels, ['positive', 'neutral', 'negative']);
    assert.equal(manifest.maxLength, 512);
    assert.ok(!Number.isNaN(Date.parse(manifest.pulledAt)));
    const expected = [
      'config.json',
      'onnx/model.onnx',
      'special_tokens_map.json',
      'tokenizer.json',
      'tokenizer_config.json',
    ];
    assert.deepEqual(Object.keys(manifest.files).sort(), expected);
    for (const path of expected) {
      const served = hub.files.get(path)!.content;
      assert.deepEqual(manifest.files[path], { sha256: sha256(served), size: served.length });
      assert.deepEqual(await readFile(join(versionDir, path)), served);
    }
    assert.deepEqual(await readdir(join(store, 'distilbert-multilingual-sentiment')), [
      FAKE_COMMIT.slice(0, 12),
    ]);
    // Files are fetched at the resolved commit, never at the moving branch.
    const downloads = hub.requests.filter(
      (request) => request.method === 'GET' && request.path.includes('/resolve/'),
    );
    assert.ok(
      downloads.length >= 5 &&
        downloads.every((request) => request.path.includes(`/resolve/${FAKE_COMMIT}/`)),
    );
    assert.ok(
      events.some((event) => event.type === 'resolved' && event.commit === FAKE_COMMIT && !event.pinned),
    );
    assert.ok(events.some((event) => event.type === 'file-progress' && event.path === 'onnx/model.onnx'));
  });

  it('takes the endpoint from HF_ENDPOINT and the store from SIEVE_MODELS_DIR', async () => {
    process.env.HF_ENDPOINT = `${hub.endpoint}/`;
    process.env.SIEVE_MODELS_DIR = store;
    try {
      const pulled = await pullModel({ dtype: 'int8' });
      assert.equal(pulled.dir, join(store, 'distilbert-multilingual-sentiment', FAKE_COMMIT.slice(0, 12)));
      assert.deepEqual(pulled.manifest.dtypes, ['int8']);
      assert.ok(pulled.manifest.files['onnx/model_quantized.onnx']);
      assert.equal(pulled.manifest.files['onnx/model.onnx'], undefined);
    } finally {
      delete process.env.HF_ENDPOINT;
      delete process.env.SIEVE_MODELS_DIR;
    }
  });

  it('re-pulls as a no-op: verified on disk, no request to the hub, nothing rewritten', async () => {
    const first = await pullModel({ endpoint: hub.endpoint, modelsDir: store });
    const manifestBefore = await stat(join(first.dir, 'manifest.json'));
    hub.requests.length = 0;
    const events: PullProgressEvent[] = [];
    const second = await pullModel({
      endpoint: hub.endpoint,
      modelsDir: store,
      onProgress: (e) => events.push(e),
    });
    assert.equal(second.upToDate, true);
    assert.deepEqual(second.downloaded, []);
    assert.deepEqual(hub.requests, []);
    assert.equal((await stat(join(first.dir, 'manifest.json'))).mtimeMs, manifestBefore.mtimeMs);
    assert.ok(events.some((event) => event.type === 'resolved' && event.pinned));
    assert.equal(
      events.filter((event) => event.type === 'file-done' && event.outcome === 'verified').length,
      5,
    );
  });

  it('adds the other dtype to an existing pull at the recorded commit, keeping the first files', async () => {
    await pullModel({ endpoint: hub.endpoint, modelsDir: store, dtype: 'fp32' });
    hub.requests.length = 0;
    const pulled = await pullModel({
      model: 'lxyuan/distilbert-base-multilingual-cased-sentiments-student',
      endpoint: hub.endpoint,
      modelsDir: store,
      dtype: 'int8',
    });
    assert.deepEqual(pulled.downloaded, ['onnx/model_quantized.onnx']);
    assert.deepEqual(pulled.manifest.dtypes, ['fp32', 'int8']);
    assert.equal(Object.keys(pulled.manifest.files).length, 6);
    assert.ok(hub.requests.every((request) => !request.path.includes('/resolve/main/')));
    assert.deepEqual(await readdir(join(store, 'distilbert-multilingual-sentiment')), [
      FAKE_COMMIT.slice(0, 12),
    ]);
  });

  it('stays on the recorded commit when the branch moves, and moves with an explicit --revision', async () => {
    await pullModel({ endpoint: hub.endpoint, modelsDir: store });
    const newCommit = 'ab'.repeat(20);
    hub.commit = newCommit;
    try {
      const pinned = await pullModel({ endpoint: hub.endpoint, modelsDir: store });
      assert.equal(pinned.manifest.source.revision, FAKE_COMMIT);
      const moved = await pullModel({ endpoint: hub.endpoint, modelsDir: store, revision: 'main' });
      assert.equal(moved.manifest.source.revision, newCommit);
      assert.equal(moved.version, newCommit.slice(0, 12));
      const later = await pullModel({ endpoint: hub.endpoint, modelsDir: store });
      assert.equal(later.manifest.source.revision, newCommit, 'the latest explicit choice is the new pin');
    } finally {
      hub.commit = FAKE_COMMIT;
    }
  });

  it('pulls any org/repo outside the catalog, skipping optional files the repository lacks', async () => {
    const tokenizerConfig = hub.files.get('tokenizer_config.json')!;
    hub.repo = 'someone/custom-classifier';
    hub.files.delete('tokenizer_config.json');
    try {
      const pulled = await pullModel({
        model: 'someone/custom-classifier',
        endpoint: hub.endpoint,
        modelsDir: store,
      });
      assert.equal(pulled.name, 'someone--custom-classifier');
      assert.equal(pulled.manifest.source.repo, 'someone/custom-classifier');
      assert.equal(pulled.manifest.files['tokenizer_config.json'], undefined);
      assert.ok(pulled.manifest.files['onnx/model.onnx']);
      const again = await pullModel({
        model: 'someone/custom-classifier',
        endpoint: hub.endpoint,
        modelsDir: store,
      });
      assert.equal(again.upToDate, true);
    } finally {
      hub.repo = FAKE_REPO;
      hub.files.set('tokenizer_config.json', tokenizerConfig);
    }
  });

  it('leaves a version directory only when it is complete (no staging left behind)', async () => {
    const pulled = await pullModel({ endpoint: hub.endpoint, modelsDir: store, dtype: 'all' });
    const entries = await readdir(join(store, 'distilbert-multilingual-sentiment'));
    assert.deepEqual(entries, [pulled.version]);
    const onnx = await readdir(join(pulled.dir, 'onnx'));
    assert.deepEqual(onnx.sort(), ['model.onnx', 'model_fp16.onnx', 'model_quantized.onnx']);
  });
});
