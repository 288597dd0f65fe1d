import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ManifestError,
  ModelVerificationError,
  assertModelDirectoryVerified,
  pullModel,
  verifyModelDirectory,
} from '../src/index.ts';
import { FakeHub } from '@sieve/testing';

describe('verifyModelDirectory', () => {
  let hub: FakeHub;
  let store: string;

  before(async () => {
    hub = await FakeHub.start();
    store = await mkdtemp(join(tmpdir(), 'sieve-hub-verify-'));
  });
  after(async () => {
    await hub.close();
    await rm(store, { recursive: true, force: true });
  });

  it('reports no mismatch for a fresh pull, then each modified, truncated or missing file', async () => {
    const { dir } = await pullModel({ endpoint: hub.endpoint, modelsDir: store, dtype: 'all' });
    assert.deepEqual((await verifyModelDirectory(dir)).mismatches, []);
    assert.equal((await assertModelDirectoryVerified(dir)).name, 'distilbert-multilingual-sentiment');

    const onnx = hub.files.get('onnx/model.onnx')!.content;
    const flipped = Buffer.from(onnx);
    flipped[1000] = flipped[1000]! ^ 0xff;
    await writeFile(join(dir, 'onnx/model.onnx'), flipped);
    await appendFile(join(dir, 'config.json'), ' ');
    await rm(join(dir, 'tokenizer.json'));

    const { mismatches } = await verifyModelDirectory(dir);
    const byPath = Object.fromEntries(mismatches.map((mismatch) => [mismatch.path, mismatch]));
    assert.equal(mismatches.length, 3);
    assert.equal(byPath['onnx/model.onnx']!.problem, 'sha256');
    assert.equal(byPath['config.json']!.problem, 'size');
    assert.equal(byPath['tokenizer.json']!.problem, 'missing');

    await assert.rejects(assertModelDirectoryVerified(dir), (error: unknown) => {
      assert.ok(error instanceof ModelVerificationError);
      assert.match(error.message, /onnx\/model\.onnx has sha256 [0-9a-f]{64}, expected [0-9a-f]{64}/);
      assert.match(error.message, /tokenizer\.json is missing/);
      assert.ok(!error.message.includes('\n'));
      return true;
    });
  });

  it('says a directory without manifest.json was not made by a completed pull', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sieve-hub-nomanifest-'));
    try {
      await assert.rejects(verifyModelDirectory(dir), (error: unknown) => {
        assert.ok(error instanceof ManifestError);
        assert.match(error.message, /manifest\.json: missing: this directory was not made by a completed/);
        return true;
      });
      await writeFile(
        join(dir, 'manifest.json'),
        JSON.stringify({
          manifestVersion: 1,
          name: 'x',
          version: 'y',
          source: { repo: 'a/b', revision: 'c' },
          files: { '../../etc/passwd': { sha256: '0'.repeat(64), size: 1 } },
          dtypes: [],
          labels: [],
          maxLength: 2,
          pulledAt: '',
        }),
      );
      await assert.rejects(verifyModelDirectory(dir), /leaves the model directory/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
