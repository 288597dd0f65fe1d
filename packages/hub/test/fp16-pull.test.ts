import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeHub, tinyModelRepository } from '@sieve/testing';
import { pullModel, verifyModelDirectory, type PullProgressEvent } from '../src/index.ts';

const FP16 = 'onnx/model_fp16.onnx';
const FP32 = 'onnx/model.onnx';

describe('pullModel --dtype fp16', () => {
  let withFp16: FakeHub;
  let withoutFp16: FakeHub;
  let store: string;

  before(async () => {
    withFp16 = await FakeHub.start(await tinyModelRepository({ fp16: true }));
    withoutFp16 = await FakeHub.start(await tinyModelRepository({ fp16: false }));
    store = await mkdtemp(join(tmpdir(), 'sieve-hub-fp16-'));
  });
  after(async () => {
    await withFp16?.close();
    await withoutFp16?.close();
    await rm(store, { recursive: true, force: true });
  });

  const gets = (hub: FakeHub, path: string) =>
    hub.requestsFor(path).filter((request) => request.method === 'GET');

  it("fetches the repository's own model_fp16.onnx, and not the fp32 graph", async () => {
    const events: PullProgressEvent[] = [];
    const pulled = await pullModel({
      endpoint: withFp16.endpoint,
      modelsDir: join(store, 'with'),
      dtype: 'fp16',
      onProgress: (event) => events.push(event),
    });
    assert.deepEqual(pulled.manifest.dtypes, ['fp16']);
    assert.ok(pulled.downloaded.includes(FP16));
    assert.ok(!pulled.downloaded.includes(FP32));
    assert.equal(gets(withFp16, FP32).length, 0);
    assert.deepEqual(await readFile(join(pulled.dir, FP16)), withFp16.files.get(FP16)!.content);
    assert.ok(!events.some((event) => event.type === 'file-done' && event.outcome === 'converted'));
  });

  it('converts the fp32 graph where the repository has no fp16 one, and pins the result', async () => {
    const events: PullProgressEvent[] = [];
    const modelsDir = join(store, 'without');
    const pulled = await pullModel({
      endpoint: withoutFp16.endpoint,
      modelsDir,
      dtype: 'fp16',
      onProgress: (event) => events.push(event),
    });
    assert.ok(
      events.some((event) => event.type === 'file-skipped' && event.path === FP16),
      'the missing fp16 graph is reported',
    );
    const converted = events.find((event) => event.type === 'file-done' && event.path === FP16);
    assert.equal(converted?.type === 'file-done' && converted.outcome, 'converted');
    // The fp32 graph it was made from is fetched and kept: the manifest lists both.
    assert.deepEqual(pulled.manifest.dtypes, ['fp32', 'fp16']);
    assert.ok(pulled.manifest.files[FP16]);
    // The same converter as `models synth --fp16`: byte for byte what the other repository ships.
    assert.deepEqual(await readFile(join(pulled.dir, FP16)), withFp16.files.get(FP16)!.content);
    assert.deepEqual((await verifyModelDirectory(pulled.dir)).mismatches, []);

    const again = await pullModel({ endpoint: withoutFp16.endpoint, modelsDir, dtype: 'fp16' });
    assert.equal(again.upToDate, true);
  });

  it('adds a converted fp16 graph to an earlier fp32 pull without fetching model.onnx again', async () => {
    const modelsDir = join(store, 'later');
    const first = await pullModel({ endpoint: withoutFp16.endpoint, modelsDir });
    assert.deepEqual(first.manifest.dtypes, ['fp32']);
    withoutFp16.requests.length = 0;
    const later = await pullModel({ endpoint: withoutFp16.endpoint, modelsDir, dtype: 'fp16' });
    assert.deepEqual(later.downloaded, [FP16]);
    assert.deepEqual(later.manifest.dtypes, ['fp32', 'fp16']);
    assert.equal(gets(withoutFp16, FP32).length, 0);
    assert.deepEqual(await readFile(join(later.dir, FP16)), withFp16.files.get(FP16)!.content);
  });
});
