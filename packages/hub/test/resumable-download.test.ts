import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DownloadInterruptedError, pullModel, type PullProgressEvent } from '../src/index.ts';
import type { FakeHub } from '@sieve/testing';
import { FAKE_COMMIT } from '@sieve/testing';
import { fakeHubSuite } from './support/fake-hub-suite.ts';

const MODEL = 'distilbert-multilingual-sentiment';
const VERSION = FAKE_COMMIT.slice(0, 12);
const ONNX = 'onnx/model.onnx';
const QUANTIZED = 'onnx/model_quantized.onnx';

describe('resuming a broken download', () => {
  const suite = fakeHubSuite('resume');
  let hub: FakeHub;
  let store: string;
  beforeEach(() => {
    ({ hub, store } = suite);
  });

  it('continues with a Range request in the same pull after the connection drops mid-file', async () => {
    const cutAt = 100_000;
    hub.dropAfter.set(ONNX, cutAt);
    const events: PullProgressEvent[] = [];
    const pulled = await pullModel({
      endpoint: hub.endpoint,
      modelsDir: store,
      retryDelayMs: 0,
      onProgress: (event) => events.push(event),
    });
    const cdnGets = hub.requestsFor(ONNX).filter((request) => request.path.startsWith('/cdn/'));
    assert.equal(cdnGets.length, 2);
    assert.equal(cdnGets[0]!.range, undefined);
    // The retry asks for what is missing from the partial file: the bytes fetch() had handed over before the cut.
    const resumedFrom = Number(/^bytes=(\d+)-$/.exec(cdnGets[1]!.range ?? '')?.[1]);
    assert.ok(resumedFrom > 0 && resumedFrom <= cutAt, `resumed from ${resumedFrom}`);
    assert.deepEqual(await readFile(join(pulled.dir, ONNX)), hub.files.get(ONNX)!.content);
    assert.ok(events.some((event) => event.type === 'file-retry' && event.path === ONNX));
    assert.ok(
      events.some((e) => e.type === 'file-start' && e.path === ONNX && e.resumedFrom === resumedFrom),
    );
  });

  it('keeps the partial bytes when a pull fails, and the next pull resumes from them', async () => {
    const cutAt = 100_000;
    hub.dropAfter.set(QUANTIZED, cutAt);
    await assert.rejects(
      pullModel({ endpoint: hub.endpoint, modelsDir: store, dtype: 'all', retries: 0 }),
      (error: unknown) => {
        assert.ok(error instanceof DownloadInterruptedError);
        assert.match(
          error.message,
          /^download of onnx\/model_quantized\.onnx was interrupted after \d+ bytes \(.+\); pull/,
        );
        assert.ok(!error.message.includes('\n'));
        return true;
      },
    );
    // Nothing that looks like a model: only the staging directory, with the partial file in it.
    const modelRoot = join(store, MODEL);
    assert.deepEqual(await readdir(modelRoot), [`${VERSION}.partial`]);
    const partial = join(modelRoot, `${VERSION}.partial`, `${QUANTIZED}.incomplete`);
    const kept = (await stat(partial)).size;
    assert.ok(kept > 0 && kept <= cutAt, `kept ${kept} bytes`);

    hub.requests.length = 0;
    const pulled = await pullModel({ endpoint: hub.endpoint, modelsDir: store, dtype: 'all', retries: 0 });
    const gets = hub.requestsFor(QUANTIZED).filter((request) => request.method === 'GET');
    assert.ok(gets.length >= 1 && gets.every((request) => request.range === `bytes=${kept}-`));
    assert.deepEqual(await readFile(join(pulled.dir, QUANTIZED)), hub.files.get(QUANTIZED)!.content);
    // The graph verified before the failure is reused from staging (checked against the hub's sha256), not refetched.
    assert.deepEqual(
      hub.requestsFor(ONNX).map((request) => request.method),
      ['HEAD'],
    );
    assert.deepEqual(await readFile(join(pulled.dir, ONNX)), hub.files.get(ONNX)!.content);
    assert.deepEqual(await readdir(modelRoot), [VERSION]);
  });

  it('starts over when the server ignores the Range header and sends the whole file', async () => {
    hub.dropAfter.set(ONNX, 50_000);
    await assert.rejects(
      pullModel({ endpoint: hub.endpoint, modelsDir: store, retries: 0 }),
      DownloadInterruptedError,
    );
    hub.ignoreRange = true;
    try {
      hub.requests.length = 0;
      const pulled = await pullModel({ endpoint: hub.endpoint, modelsDir: store, retries: 0 });
      assert.ok(hub.requestsFor(ONNX).some((request) => request.range !== undefined));
      assert.deepEqual(await readFile(join(pulled.dir, ONNX)), hub.files.get(ONNX)!.content);
    } finally {
      hub.ignoreRange = false;
    }
  });

  it('downloads afresh once when a resumed file fails the hub checksum (a stale partial file)', async () => {
    const staging = join(store, MODEL, `${VERSION}.partial`);
    await mkdir(join(staging, 'onnx'), { recursive: true });
    await writeFile(join(staging, `${ONNX}.incomplete`), Buffer.alloc(30_000, 7));
    const pulled = await pullModel({ endpoint: hub.endpoint, modelsDir: store, retries: 0 });
    const gets = hub.requestsFor(ONNX).filter((request) => request.path.startsWith('/cdn/'));
    assert.deepEqual(
      gets.map((request) => request.range),
      ['bytes=30000-', undefined],
    );
    assert.deepEqual(await readFile(join(pulled.dir, ONNX)), hub.files.get(ONNX)!.content);
  });
});
