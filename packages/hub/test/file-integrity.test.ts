import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FileIntegrityError, pullModel, readManifest } from '../src/index.ts';
import type { FakeHub } from '@sieve/testing';
import { FAKE_COMMIT, sha256 } from '@sieve/testing';
import { fakeHubSuite } from './support/fake-hub-suite.ts';

const MODEL = 'distilbert-multilingual-sentiment';
const VERSION = FAKE_COMMIT.slice(0, 12);
const ONNX = 'onnx/model.onnx';

describe('refusing bytes that are not the expected ones', () => {
  const suite = fakeHubSuite('integrity');
  let hub: FakeHub;
  let store: string;
  beforeEach(() => {
    ({ hub, store } = suite);
  });

  it('discards a file whose sha256 differs from x-linked-etag, naming it, and leaves no model in place', async () => {
    const original = hub.files.get(ONNX)!;
    const announced = 'f'.repeat(64);
    hub.files.set(ONNX, { ...original, linkedEtag: announced });
    try {
      await assert.rejects(
        pullModel({ endpoint: hub.endpoint, modelsDir: store, retries: 0 }),
        (error: unknown) => {
          assert.ok(error instanceof FileIntegrityError);
          assert.equal(error.file, ONNX);
          assert.equal(error.reference, 'hub');
          assert.match(
            error.message,
            /^onnx\/model\.onnx of Xenova\/\S+@[0-9a-f]{40}: downloaded sha256 [0-9a-f]{64} /,
          );
          assert.match(
            error.message,
            /does not match the hub's x-linked-etag f{64}; the download was discarded/,
          );
          assert.ok(!error.message.includes('\n'));
          return true;
        },
      );
    } finally {
      hub.files.set(ONNX, original);
    }
    const modelRoot = join(store, MODEL);
    assert.deepEqual(await readdir(modelRoot), [`${VERSION}.partial`], 'no version directory');
    const staged = await readdir(join(modelRoot, `${VERSION}.partial`, 'onnx')).catch(() => []);
    assert.deepEqual(staged, [], 'neither the file nor its .incomplete is kept');
  });

  it('refuses a re-uploaded file that differs from the sha256 recorded at the first pull', async () => {
    const first = await pullModel({ endpoint: hub.endpoint, modelsDir: store });
    const recorded = first.manifest.files[ONNX]!;
    // The local copy is lost, and meanwhile the hub serves other bytes (with a consistent checksum) for the file.
    await rm(join(first.dir, ONNX));
    const original = hub.files.get(ONNX)!;
    const replacement = randomBytes(original.content.length);
    hub.files.set(ONNX, { lfs: true, content: replacement });
    try {
      await assert.rejects(
        pullModel({ endpoint: hub.endpoint, modelsDir: store, retries: 0 }),
        (error: unknown) => {
          assert.ok(error instanceof FileIntegrityError);
          assert.equal(error.reference, 'manifest');
          assert.equal(error.expected, recorded.sha256);
          assert.equal(error.actual, sha256(replacement));
          assert.match(
            error.message,
            /^onnx\/model\.onnx of Xenova\/\S+@[0-9a-f]{40}: the hub now serves sha256 /,
          );
          assert.match(
            error.message,
            /manifest\.json recorded [0-9a-f]{64} at the first pull; refusing the changed file/,
          );
          assert.ok(!error.message.includes('\n'));
          return true;
        },
      );
    } finally {
      hub.files.set(ONNX, original);
    }
    const manifest = await readManifest(first.dir);
    assert.deepEqual(manifest.files[ONNX], recorded);
    await assert.rejects(stat(join(first.dir, ONNX)), { code: 'ENOENT' });
  });

  it('refuses changed bytes even when the hub sends no checksum header for them', async () => {
    const first = await pullModel({ endpoint: hub.endpoint, modelsDir: store });
    await rm(join(first.dir, 'tokenizer.json'));
    const original = hub.files.get('tokenizer.json')!;
    hub.files.set('tokenizer.json', { lfs: false, content: Buffer.from('{"version":"2.0"}\n') });
    try {
      await assert.rejects(
        pullModel({ endpoint: hub.endpoint, modelsDir: store, retries: 0 }),
        /^FileIntegrityError: tokenizer\.json of .* refusing the changed file/,
      );
    } finally {
      hub.files.set('tokenizer.json', original);
    }
    await assert.rejects(stat(join(first.dir, 'tokenizer.json')), { code: 'ENOENT' });
    const repaired = await pullModel({ endpoint: hub.endpoint, modelsDir: store, retries: 0 });
    assert.deepEqual(repaired.downloaded, ['tokenizer.json']);
    assert.deepEqual(await readFile(join(first.dir, 'tokenizer.json')), original.content);
  });
});
