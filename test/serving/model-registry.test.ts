// Several models and versions side by side from one models file, changed while everything runs: a version added,
// the default switched, a model that cannot load reported with its reason, a version retired, and pools that load
// only their own models. No process restarts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { loadSieveProtos, statusDetailsOf, type Model } from '@sieve/api';
import { TextClassifier } from '@sieve/runtime';
import { synthesizeModel } from '@sieve/synth';
import { SieveCluster } from '@sieve/testing';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('model registry: a models file followed without restarts', { timeout: 240_000 }, () => {
  let dir: string;
  let file: string;
  let cluster: SieveCluster;
  let digests: Record<'one' | 'two' | 'special', string>;
  let models: {
    List(
      request: object,
      metadata: Metadata,
      callback: (error: ServiceError | null, response: { models: Model[] }) => void,
    ): void;
    close(): void;
  };

  // Kubernetes and editors replace the file: write a temporary one and rename it over.
  const writeModels = (yaml: string) => {
    writeFileSync(`${file}.tmp`, yaml);
    renameSync(`${file}.tmp`, file);
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-registry-'));
    file = join(dir, 'models.yaml');
    const names = ['one', 'two', 'special'] as const;
    const made: string[] = [];
    for (const [i, name] of names.entries()) {
      const out = join(dir, 'store', name);
      await synthesizeModel({ preset: 'tiny', outDir: out, seed: 100 + i });
      const classifier = await TextClassifier.load(out, { intraOpThreads: 1 });
      made.push(classifier.info.digest);
      await classifier.close();
    }
    digests = { one: made[0]!, two: made[1]!, special: made[2]! };
    writeModels(`models:
  - { name: sentiment, version: "1", path: store/one, default: true }
  - { name: special, version: "1", path: store/special, pools: [gpu] }
`);
    const env = { SIEVE_MODELS_FILE: file };
    cluster = await SieveCluster.start({
      modelDir: join(dir, 'store', 'one'),
      workers: 0,
      gatewayEnv: env,
    });
    await cluster.addWorker({ ...env, SIEVE_MODEL_DIR: '' });
    await cluster.addWorker({ ...env, SIEVE_MODEL_DIR: '', SIEVE_WORKER_POOL: 'gpu' });
    const { grpc } = loadSieveProtos();
    models = new grpc.sieve.v1.Models(cluster.gateways[0]!.address, credentials.createInsecure()) as never;
  });
  after(async () => {
    models?.close();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const list = () =>
    new Promise<Model[]>((resolve, reject) =>
      models.List({}, new Metadata(), (error: ServiceError | null, response: { models: Model[] }) =>
        error ? reject(error) : resolve(response.models),
      ),
    );
  const model = async (ref: string) => (await list()).find((m) => `${m.name}@${m.version}` === ref);
  const digestOf = async (name: string) =>
    (await cluster.classify({ model: name, texts: ['hello'] })).modelDigest;
  async function until(what: string, check: () => Promise<boolean>) {
    for (let i = 0; i < 150; i++) {
      if (await check().catch(() => false)) return;
      await settle(100);
    }
    assert.fail(`timed out waiting until ${what}`);
  }

  it('serves every configured model on the pools it names', async () => {
    await until(
      'both models are ready',
      async () => (await model('special@1'))?.state === 'MODEL_STATE_READY',
    );
    assert.equal(await digestOf('sentiment'), digests.one);
    assert.equal(await digestOf('special'), digests.special);
    const sentiment = await model('sentiment@1');
    assert.equal(sentiment?.workerCount, 2, 'a model without pools loads on every pool');
    assert.equal((await model('special@1'))?.workerCount, 1, 'a pool model loads only on its pool');
    assert.equal(sentiment?.defaultVersion, true);
  });

  it('adds a version, then switches the default, without restarts', async () => {
    writeModels(`models:
  - { name: sentiment, version: "1", path: store/one, default: true }
  - { name: sentiment, version: "2", path: store/two }
  - { name: special, version: "1", path: store/special, pools: [gpu] }
`);
    await until(
      'sentiment@2 is ready',
      async () => (await model('sentiment@2'))?.state === 'MODEL_STATE_READY',
    );
    assert.equal(await digestOf('sentiment@2'), digests.two);
    assert.equal(await digestOf('sentiment'), digests.one, 'the default stays where the file put it');

    writeModels(`models:
  - { name: sentiment, version: "1", path: store/one }
  - { name: sentiment, version: "2", path: store/two, default: true }
  - { name: special, version: "1", path: store/special, pools: [gpu] }
`);
    await until('"sentiment" means version 2', async () => (await digestOf('sentiment')) === digests.two);
    assert.equal(
      await digestOf('sentiment@1'),
      digests.one,
      'the old version is still served by name@version',
    );
  });

  it('reports a model that cannot load, with the reason, and keeps serving the rest', async () => {
    writeModels(`models:
  - { name: sentiment, version: "1", path: store/one }
  - { name: sentiment, version: "2", path: store/two, default: true }
  - { name: special, version: "1", path: store/special, pools: [gpu] }
  - { name: broken, version: "1", path: store/missing }
`);
    await until('broken@1 is failed', async () => (await model('broken@1'))?.state === 'MODEL_STATE_FAILED');
    assert.match((await model('broken@1'))!.stateReason, /store\/missing/);
    const error = await cluster.classify({ model: 'broken', texts: ['x'] }).catch((e: ServiceError) => e);
    assert.equal((error as ServiceError).code, status.NOT_FOUND);
    assert.equal(await digestOf('sentiment'), digests.two);
  });

  it('retires a version: it drains and is gone; a bad file keeps the last good one', async () => {
    writeModels(`models:
  - { name: sentiment, version: "2", path: store/two, default: true }
  - { name: special, version: "1", path: store/special, pools: [gpu] }
`);
    await until('sentiment@1 is gone', async () => (await model('sentiment@1')) === undefined);
    const error = (await cluster
      .classify({ model: 'sentiment@1', texts: ['x'] })
      .catch((e: ServiceError) => e)) as ServiceError;
    assert.equal(
      error.code,
      status.UNAVAILABLE,
      'a version served moments ago answers retryable UNAVAILABLE',
    );
    assert.equal(statusDetailsOf(error).errorInfo?.reason, 'MODEL_NOT_SERVING');
    await until('broken@1 is gone too', async () => (await model('broken@1')) === undefined);

    writeModels('models:\n  - { name: sentiment, version: "2", default: true }\n');
    await settle(1000);
    assert.equal(await digestOf('sentiment'), digests.two, 'an invalid file changes nothing');
    assert.ok(
      cluster.workers[0]!.output.some((line) => line.includes('models[0].path')),
      'the rejection names the field',
    );
  });
});
