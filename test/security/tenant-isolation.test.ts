// Broken object-level authorisation (OWASP API1): every tenant-scoped call made with another tenant's ids answers
// exactly as if the id did not exist. Batches Get, Cancel and StreamResults; List; idempotency keys; the Classify
// request_id replay memo; and the Admin API (usage, purge) behind the admin credential only.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import {
  loadSieveProtos,
  statusDetailsOf,
  type AdminClient,
  type Batch,
  type ClassifyResponse,
} from '@sieve/api';
import { BatchClient } from '@sieve/client';
import { ApiKeyFormat } from '@sieve/tenancy';
import { SieveCluster, tinyModelDir } from '@sieve/testing';
import { describeError, unary } from './grpc-test-client.ts';
import { writeTenantsFile } from '../fixtures/tenants-file.ts';

const ADMIN_TOKEN = 'admin-token-for-isolation-tests-0123456789';

async function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as ServiceError;
  }
  assert.fail('expected the call to fail');
}

async function drain(results: AsyncIterable<unknown>): Promise<number> {
  let count = 0;
  for await (const _ of results) count += 1;
  return count;
}

describe("one tenant cannot reach another's objects", { timeout: 180_000 }, () => {
  let cluster: SieveCluster;
  let dir: string;
  let admin: AdminClient;
  const acmeKey = ApiKeyFormat.generate().key;
  const globexKey = ApiKeyFormat.generate().key;
  const waitKey = ApiKeyFormat.generate().key;
  let acme: BatchClient;
  let globex: BatchClient;
  let acmeBatch: Batch;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-isolation-'));
    const tenants = writeTenantsFile(dir, [
      { id: 'acme', key: acmeKey },
      { id: 'globex', key: globexKey },
      { id: 'wait', key: waitKey },
    ]).path;
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      gatewayEnv: { SIEVE_TENANTS_FILE: tenants, SIEVE_ADMIN_TOKEN: ADMIN_TOKEN },
    });
    const address = cluster.gateways[0]!.address;
    acme = new BatchClient(address, { apiKey: acmeKey });
    globex = new BatchClient(address, { apiKey: globexKey });
    admin = new (loadSieveProtos().grpc.sieve.v1.Admin)(address, credentials.createInsecure());
    const submitted = await acme.submit(
      { model: 'tiny', idempotencyKey: 'nightly-2026-11-26', displayName: 'acme private' },
      Array.from({ length: 600 }, (_, i) => ({ id: `acme-${i}`, text: `acme private text ${i}` })),
    );
    acmeBatch = submitted.batch!;
  });
  after(async () => {
    acme?.close();
    globex?.close();
    admin?.close();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The error for an id that exists nowhere, with the id swapped in: what another tenant's id must look like. */
  const assertLooksMissing = async (
    error: ServiceError,
    id: string,
    call: (id: string) => Promise<unknown>,
  ) => {
    const missingId = `b-${'0'.repeat(24)}`;
    const missing = await rejection(call(missingId));
    assert.equal(error.code, status.NOT_FOUND, describeError(error));
    assert.equal(error.code, missing.code);
    assert.equal(error.details, missing.details.replace(missingId, id));
    assert.deepEqual(statusDetailsOf(error).errorInfo?.reason, statusDetailsOf(missing).errorInfo?.reason);
  };

  it("answers Get, Cancel and StreamResults on another tenant's batch as NOT_FOUND, like a missing id", async () => {
    const id = acmeBatch.id;
    await assertLooksMissing(await rejection(globex.get(id)), id, (other) => globex.get(other));
    await assertLooksMissing(await rejection(globex.cancel(id)), id, (other) => globex.cancel(other));
    await assertLooksMissing(await rejection(drain(globex.results(id))), id, (other) =>
      drain(globex.results(other)),
    );
    // The owner still sees it, uncancelled.
    const own = await acme.get(id);
    assert.notEqual(own.state, 'BATCH_STATE_CANCELLED');
  });

  it("lists only the caller's batches, and keeps idempotency keys per tenant", async () => {
    assert.deepEqual((await globex.list()).batches, []);
    assert.deepEqual(
      (await acme.list()).batches.map((batch) => batch.id),
      [acmeBatch.id],
    );
    const same = await globex.submit({ model: 'tiny', idempotencyKey: 'nightly-2026-11-26' }, [
      { id: 'g', text: 'globex text' },
    ]);
    assert.equal(same.existing, false, "globex's submit was answered with acme's batch");
    assert.notEqual(same.batch!.id, acmeBatch.id);
    assert.equal(same.batch!.totalCount, 1);
  });

  it("lets a tenant named like a queue's own key (wait) use batches without disturbing anyone's", async () => {
    const named = new BatchClient(cluster.gateways[0]!.address, { apiKey: waitKey });
    const ended = async (client: BatchClient, id: string) => {
      for (let i = 0; i < 200; i++) {
        const batch = await client.get(id);
        if (batch.state === 'BATCH_STATE_SUCCEEDED') return batch;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.fail(`batch ${id} did not succeed`);
    };
    try {
      const own = await named.submit({ model: 'tiny', idempotencyKey: 'w' }, [
        { id: 'w', text: 'from wait' },
      ]);
      const other = await acme.submit({ model: 'tiny', idempotencyKey: 'after-wait' }, [
        { id: 'a', text: 'acme' },
      ]);
      await ended(named, own.batch!.id);
      await ended(acme, other.batch!.id);
      assert.deepEqual(
        (await named.list()).batches.map((batch) => batch.id),
        [own.batch!.id],
      );
    } finally {
      named.close();
    }
  });

  it('scopes the Classify request_id replay memo to the tenant', async () => {
    const call = (key: string, texts: string[]) =>
      unary<ClassifyResponse>(
        cluster.gateways[0]!.client,
        'Classify',
        { model: 'tiny', texts, requestId: 'retry-me-7' },
        { key },
      );
    const first = await call(acmeKey, ['one']);
    assert.equal(first.response?.results.length, 1, describeError(first.error));
    const replay = await call(acmeKey, ['one']);
    assert.deepEqual(
      replay.response?.results,
      first.response?.results,
      'the same tenant gets the first answer back (the memo works)',
    );
    const reused = await call(acmeKey, ['one', 'two', 'three']);
    assert.equal(
      reused.error?.code,
      status.ALREADY_EXISTS,
      `the same id with other texts is refused, never answered with the first call's answer: ${describeError(reused.error)}`,
    );
    const other = await call(globexKey, ['a', 'b']);
    assert.equal(
      other.response?.results.length,
      2,
      "another tenant with the same request_id got acme's answer",
    );
  });

  it('keeps usage, purge and every Admin call behind the admin credential', async () => {
    for (const [method, request] of [
      ['GetUsage', { tenantId: 'acme' }],
      ['PurgeTenantData', { tenantId: 'globex' }],
      ['ListKeys', { tenantId: 'acme' }],
      ['IssueKey', { tenantId: 'acme', name: 'stolen' }],
    ] as const) {
      const asTenant = await unary(admin, method, request, { key: globexKey });
      assert.equal(
        asTenant.error?.code,
        status.PERMISSION_DENIED,
        `${method}: ${describeError(asTenant.error)}`,
      );
      const anonymous = await unary(admin, method, request, {});
      assert.equal(
        anonymous.error?.code,
        status.UNAUTHENTICATED,
        `${method}: ${describeError(anonymous.error)}`,
      );
    }
    const usage = await unary<{ tenantId: string }>(
      admin,
      'GetUsage',
      { tenantId: 'acme' },
      { key: ADMIN_TOKEN },
    );
    assert.equal(usage.response?.tenantId, 'acme', describeError(usage.error));
  });
});
