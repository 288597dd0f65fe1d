import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import type { HeadRecord, HeadStore } from '@sieve/heads';
import type { ServedModel, WorkerRegistry } from '@sieve/queue';
import type { TenantSpec } from '@sieve/tenancy';
import { HeadResolver } from '../../src/heads/head-resolution.ts';
import { ModelCatalog } from '../../src/models/model-catalog.ts';
import { apiErrorOf } from '../api-error-of.ts';

const served = (version: string, digest: string): ServedModel => ({
  name: 'sentiment',
  version,
  digest,
  labels: ['positive', 'neutral', 'negative'],
  maxLength: 512,
  dtype: 'fp32',
  executionProvider: 'cpu',
});

const head = (tenant: string, version: number, patch: Partial<HeadRecord> = {}): HeadRecord => ({
  id: `h-${tenant}-${version}`,
  tenant,
  name: 'spam',
  version,
  baseModel: 'sentiment',
  baseVersion: '1',
  baseDigest: 'sha256:one',
  labels: ['ham', 'spam'],
  holdoutFraction: 0.2,
  hiddenUnits: 0,
  classWeighting: 'sqrt-inverse',
  idempotencyKey: '',
  examples: 100,
  state: 'ready',
  stateReason: '',
  createdAt: version,
  updatedAt: version,
  ...patch,
});

const tenant = (id: string) => ({ id }) as TenantSpec;

async function resolverWith(records: HeadRecord[], models: ServedModel[]) {
  const registry = {
    list: async () => [{ workerId: 'w', startedAt: 0, models }],
  } as unknown as WorkerRegistry;
  const catalog = new ModelCatalog(registry);
  await catalog.refresh();
  const store = {
    list: async (id: string) =>
      records.filter((record) => record.tenant === id).sort((a, b) => b.createdAt - a.createdAt),
  } as unknown as HeadStore;
  return new HeadResolver({ store, catalog });
}

describe('MODEL+HEAD resolution', () => {
  it('passes plain models by, and resolves a head to its base model with the head labels', async () => {
    const resolver = await resolverWith([head('acme', 1)], [served('1', 'sha256:one')]);
    assert.equal(await resolver.resolve(tenant('acme'), 'sentiment'), undefined);
    const resolved = (await resolver.resolve(tenant('acme'), 'sentiment+spam'))!;
    assert.equal(resolved.model.ref, 'sentiment@1');
    assert.deepEqual(resolved.model.labels, ['ham', 'spam']);
    assert.deepEqual(resolved.job, { id: 'h-acme-1', name: 'spam', version: 1 });
  });

  it("answers another tenant's head exactly like a head that does not exist", async () => {
    const resolver = await resolverWith([head('acme', 1)], [served('1', 'sha256:one')]);
    for (const model of ['sentiment+spam', 'sentiment+spam@1', 'sentiment+nothing']) {
      const error = await apiErrorOf(resolver.resolve(tenant('globex'), model));
      assert.equal(error.code, status.NOT_FOUND);
      assert.equal(error.details.errorInfo?.reason, 'HEAD_NOT_FOUND');
      assert.equal(error.message, `no head "${model}"`);
    }
  });

  it('serves the newest READY version unless one is named, and says why a version cannot serve', async () => {
    const resolver = await resolverWith(
      [
        head('acme', 1),
        head('acme', 2, { state: 'failed', stateReason: 'the staged examples expired' }),
        head('acme', 3, { state: 'training' }),
      ],
      [served('1', 'sha256:one')],
    );
    assert.equal((await resolver.resolve(tenant('acme'), 'sentiment+spam'))!.job.version, 1);
    const failed = await apiErrorOf(resolver.resolve(tenant('acme'), 'sentiment+spam@2'));
    assert.equal(failed.code, status.FAILED_PRECONDITION);
    assert.match(failed.message, /sentiment\+spam@2 failed to train: the staged examples expired/);
    const training = await apiErrorOf(resolver.resolve(tenant('acme'), 'sentiment+spam@3'));
    assert.equal(training.details.errorInfo?.reason, 'HEAD_NOT_READY');
  });

  it('runs a head only on the backbone it was trained on', async () => {
    // sentiment@2 is the default now; the head was trained on sentiment@1, still served.
    const resolver = await resolverWith(
      [head('acme', 1)],
      [served('1', 'sha256:one'), served('2', 'sha256:two')],
    );
    assert.equal((await resolver.resolve(tenant('acme'), 'sentiment+spam'))!.model.ref, 'sentiment@1');
    const changed = await apiErrorOf(resolver.resolve(tenant('acme'), 'sentiment@2+spam'));
    assert.equal(changed.code, status.FAILED_PRECONDITION);
    assert.equal(changed.details.errorInfo?.reason, 'HEAD_BASE_CHANGED');
    assert.match(
      changed.message,
      /trained on sentiment@1 \(sha256:one\), but sentiment@2 is sentiment@2 \(sha256:two\)/,
    );

    // Only the new version served: the bare name cannot find the head's backbone either.
    const moved = await resolverWith([head('acme', 1)], [served('2', 'sha256:two')]);
    const gone = await apiErrorOf(moved.resolve(tenant('acme'), 'sentiment+spam'));
    assert.equal(gone.details.errorInfo?.reason, 'HEAD_BASE_CHANGED');
  });

  it('names a malformed head as an invalid argument', async () => {
    const resolver = await resolverWith([], [served('1', 'sha256:one')]);
    const error = await apiErrorOf(resolver.resolve(tenant('acme'), 'sentiment+Spam!'));
    assert.equal(error.code, status.INVALID_ARGUMENT);
    assert.equal(error.details.badRequest?.fieldViolations[0]?.field, 'model');
  });
});
