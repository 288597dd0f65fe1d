// The Admin API an operators' console reads (issue 29): batch jobs across tenants, an operator's cancel, a tenant's
// heads and the cluster's status, over gRPC and over HTTP/JSON, behind the admin token that no tenant key stands in
// for. Workers batch one text at a time here, so a batch job's texts are seen pending in the cluster status.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import { loadSieveProtos, type AdminClient, type Batch } from '@sieve/api';
import { BatchClient } from '@sieve/client';
import { freePort, SieveCluster, tinyModelDir } from '@sieve/testing';
import { callWithToken, waitUntil } from '../fixtures/grpc-calls.ts';

const ADMIN_TOKEN = 'admin-token-for-operations-0123456789';

interface TenantBatch {
  tenantId: string;
  batch: Batch;
}
interface ClusterStatus {
  models: Array<{
    model: { name: string; version: string; state: string; digest: string; workerCount: number };
    workerIds: string[];
    pending: Array<{ tenantId: string; priority: string; batch: boolean; texts: string | number }>;
    queued: Array<{ tenantId: string; batch: boolean; waiting: string | number; active: string | number }>;
  }>;
  workers: Array<{
    id: string;
    models: Array<{ model: string; executionProvider: string }>;
    heartbeatTime: unknown;
  }>;
  gateway: { id: string; backendReachable: boolean; draining: boolean };
  truncated: boolean;
}

describe('Admin API for operators: batches across tenants, cluster status', { timeout: 240_000 }, () => {
  let cluster: SieveCluster;
  let admin: AdminClient;
  let base: string;
  const keys: Record<string, string> = {};
  const clients: Record<string, BatchClient> = {};

  const adminCall = <T>(
    method: string,
    request: object,
    token: string | undefined = ADMIN_TOKEN,
  ): Promise<T> => callWithToken<T>(admin, method, request, token);
  const failure = async (promise: Promise<unknown>) =>
    promise.then(
      () => assert.fail('succeeded'),
      (error: ServiceError) => error,
    );
  const http = async (method: string, path: string, token?: string, body?: string) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    return { status: response.status, text, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const items = (count: number, tag: string) =>
    Array.from({ length: count }, (_, i) => ({ id: `${tag}-${i}`, text: `secret text ${tag} number ${i}` }));

  before(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      gatewayEnv: { SIEVE_ADMIN_TOKEN: ADMIN_TOKEN, SIEVE_HTTP_ADDRESS: `127.0.0.1:${port}` },
      // One text per batch: a batch job's texts wait in the worker long enough to be seen.
      workerEnv: { SIEVE_MAX_BATCH_TEXTS: '1' },
    });
    const address = cluster.gateways[0]!.address;
    admin = new (loadSieveProtos().grpc.sieve.v1.Admin)(address, credentials.createInsecure());
    for (const id of ['acme', 'globex']) {
      await adminCall('CreateTenant', { tenant: { id } });
      keys[id] = (await adminCall<{ secret: string }>('IssueKey', { tenantId: id, name: 'ops' })).secret;
      clients[id] = new BatchClient(address, { apiKey: keys[id] });
    }
  });
  after(async () => {
    for (const client of Object.values(clients)) client.close();
    admin?.close();
    await cluster?.stop();
  });

  it('refuses every new RPC without the admin token, with another token and with a tenant key', async () => {
    const calls: Array<[string, object]> = [
      ['ListBatches', {}],
      ['CancelBatch', { tenantId: 'acme', batchId: 'b-00000000' }],
      ['ListHeads', { tenantId: 'acme' }],
      ['GetClusterStatus', {}],
    ];
    for (const [method, request] of calls) {
      assert.equal((await failure(adminCall(method, request, ''))).code, status.UNAUTHENTICATED, method);
      assert.equal(
        (await failure(adminCall(method, request, 'not-the-admin-token'))).code,
        status.PERMISSION_DENIED,
        method,
      );
      assert.equal(
        (await failure(adminCall(method, request, keys.acme))).code,
        status.PERMISSION_DENIED,
        method,
      );
    }
  });

  it('refuses the admin routes over HTTP the same way, before the body is read', async () => {
    const routes: Array<[string, string]> = [
      ['GET', '/v1/admin/tenants'],
      ['GET', '/v1/admin/tenants/acme'],
      ['GET', '/v1/admin/tenants/acme/usage'],
      ['GET', '/v1/admin/tenants/acme/heads'],
      ['GET', '/v1/admin/batches'],
      ['POST', '/v1/admin/tenants/acme/batches/b-00000000:cancel'],
      ['GET', '/v1/admin/cluster'],
    ];
    for (const [method, path] of routes) {
      // Not JSON: a body that were read would answer 400, not the credential's refusal.
      const body = method === 'POST' ? 'not json' : undefined;
      const none = await http(method, path, undefined, body);
      assert.equal(none.status, 401, `${method} ${path}: ${none.text}`);
      assert.equal((await http(method, path, 'not-the-admin-token', body)).status, 403, path);
      assert.equal((await http(method, path, keys.acme, body)).status, 403, path);
    }
    for (const [method, path] of routes.filter(([method]) => method === 'GET')) {
      const answer = await http(method, path, ADMIN_TOKEN);
      assert.equal(answer.status, 200, `${path}: ${answer.text}`);
    }
    const tenants = (await http('GET', '/v1/admin/tenants', ADMIN_TOKEN)).body as {
      tenants: Array<{ id: string }>;
    };
    assert.deepEqual(tenants.tenants.map((tenant) => tenant.id).sort(), ['acme', 'globex']);
    const openapi = (await http('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, { security: unknown[] }>>;
    };
    assert.deepEqual(openapi.paths['/v1/admin/cluster']!.get!.security, [{ adminBearer: [] }]);
  });

  it('lists batch jobs across two tenants, newest first, in pages and filtered; never their texts', async () => {
    const first = (await clients.acme!.submit({ model: 'tiny', idempotencyKey: 'a1' }, items(3, 'a1')))
      .batch!;
    const second = (await clients.globex!.submit({ model: 'tiny', idempotencyKey: 'g1' }, items(2, 'g1')))
      .batch!;
    const third = (await clients.acme!.submit({ model: 'tiny', idempotencyKey: 'a2' }, items(2, 'a2')))
      .batch!;
    const seen: string[] = [];
    let pageToken = '';
    let pages = 0;
    do {
      const page = await adminCall<{ batches: TenantBatch[]; nextPageToken: string }>('ListBatches', {
        pageSize: 2,
        pageToken,
      });
      assert.ok(page.batches.length <= 2);
      seen.push(...page.batches.map((entry) => `${entry.tenantId}/${entry.batch.id}`));
      pageToken = page.nextPageToken;
      pages += 1;
    } while (pageToken);
    assert.deepEqual(seen, [`acme/${third.id}`, `globex/${second.id}`, `acme/${first.id}`]);
    assert.equal(pages, 2);

    const acmeOnly = await http('GET', '/v1/admin/batches?tenantId=acme&pageSize=1', ADMIN_TOKEN);
    assert.equal(acmeOnly.status, 200, acmeOnly.text);
    const page = acmeOnly.body as {
      batches: Array<{ tenantId: string; batch: { id: string; totalCount: string } }>;
    };
    assert.deepEqual(
      page.batches.map((entry) => [entry.tenantId, entry.batch.id, entry.batch.totalCount]),
      [['acme', third.id, '2']],
    );
    assert.ok(!acmeOnly.text.includes('secret text'), 'no text of any item');
    const filtered = await adminCall<{ batches: TenantBatch[] }>('ListBatches', { model: 'no-such-model' });
    assert.deepEqual(filtered.batches, []);
    const invalid = await failure(adminCall('ListBatches', { pageSize: 5000, tenantId: 'Not A Tenant' }));
    assert.equal(invalid.code, status.INVALID_ARGUMENT);
    assert.match(invalid.details, /page_size/);
    assert.match(invalid.details, /tenant_id/);
    assert.equal(
      (await failure(adminCall('ListBatches', { pageToken: 'garbage' }))).code,
      status.INVALID_ARGUMENT,
    );
  });

  it("shows the served model, its live worker and a tenant's pending batch texts; the operator cancels the batch", async () => {
    const running = (
      await clients.globex!.submit({ model: 'tiny', idempotencyKey: 'long' }, items(5000, 'long'))
    ).batch!;
    const seen = await waitUntil('the batch texts are pending in the cluster status', async () => {
      const answer = await adminCall<ClusterStatus>('GetClusterStatus', {});
      const tiny = answer.models.find((entry) => entry.model.name === 'tiny');
      return tiny?.pending.some(
        (group) => group.tenantId === 'globex' && group.batch && Number(group.texts) > 0,
      )
        ? answer
        : undefined;
    });
    const tiny = seen.models.find((entry) => entry.model.name === 'tiny')!;
    assert.equal(tiny.model.state, 'MODEL_STATE_READY');
    assert.match(tiny.model.digest, /^sha256:/);
    assert.equal(tiny.workerIds.length, 1);
    const worker = seen.workers.find((entry) => entry.id === tiny.workerIds[0]);
    assert.ok(worker, 'the worker serving it is listed');
    assert.ok(worker.heartbeatTime, 'with its last heartbeat');
    assert.deepEqual(
      worker.models.map((entry) => entry.model),
      [`tiny@${tiny.model.version}`],
    );
    const group = tiny.pending.find((entry) => entry.tenantId === 'globex')!;
    assert.equal(group.priority, 'PRIORITY_UNSPECIFIED');
    assert.equal(seen.gateway.backendReachable, true);
    assert.equal(seen.gateway.draining, false);
    assert.equal(seen.truncated, false);

    const overHttp = await http('GET', '/v1/admin/cluster', ADMIN_TOKEN);
    assert.equal(overHttp.status, 200, overHttp.text);
    assert.ok(!overHttp.text.includes('secret text'));

    const cancelled = await http(
      'POST',
      `/v1/admin/tenants/globex/batches/${running.id}:cancel`,
      ADMIN_TOKEN,
      '{}',
    );
    assert.equal(cancelled.status, 200, cancelled.text);
    const answer = cancelled.body as {
      batch: { tenantId: string; batch: { state: string; doneCount: string } };
    };
    assert.equal(answer.batch.tenantId, 'globex');
    assert.equal(answer.batch.batch.state, 'BATCH_STATE_CANCELLED');
    assert.ok(Number(answer.batch.batch.doneCount) < 5000, 'cancelled before the end');
    assert.equal(
      (await clients.globex!.get(running.id)).state,
      'BATCH_STATE_CANCELLED',
      'the tenant sees it',
    );
    const again = await adminCall<{ batch: TenantBatch }>('CancelBatch', {
      tenantId: 'globex',
      batchId: running.id,
    });
    assert.equal(
      again.batch.batch.state,
      'BATCH_STATE_CANCELLED',
      'cancelling twice answers the batch as it is',
    );

    const wrongTenant = await failure(adminCall('CancelBatch', { tenantId: 'acme', batchId: running.id }));
    assert.equal(wrongTenant.code, status.NOT_FOUND, "another tenant's batch is not found under this one");
    const done = (await clients.acme!.submit({ model: 'tiny', idempotencyKey: 'done' }, items(1, 'done')))
      .batch!;
    await waitUntil('the small batch ends', async () =>
      (await clients.acme!.get(done.id)).state === 'BATCH_STATE_SUCCEEDED' ? true : undefined,
    );
    const ended = await failure(adminCall('CancelBatch', { tenantId: 'acme', batchId: done.id }));
    assert.equal(ended.code, status.FAILED_PRECONDITION);
    const missing = await failure(adminCall('CancelBatch', { tenantId: '', batchId: '' }));
    assert.equal(missing.code, status.INVALID_ARGUMENT);
  });

  it('lists tenants in pages over gRPC and HTTP, refusing a bad page size or token by field', async () => {
    for (const id of ['page-1', 'page-2', 'page-3']) await adminCall('CreateTenant', { tenant: { id } });
    const expected = ['acme', 'globex', 'page-1', 'page-2', 'page-3'];
    const seen: string[][] = [];
    let pageToken = '';
    do {
      const page = await adminCall<{ tenants: Array<{ id: string }>; nextPageToken: string }>('ListTenants', {
        pageSize: 2,
        pageToken,
      });
      seen.push(page.tenants.map((tenant) => tenant.id));
      pageToken = page.nextPageToken;
    } while (pageToken);
    assert.deepEqual(seen, [['acme', 'globex'], ['page-1', 'page-2'], ['page-3']]);

    const first = await http('GET', '/v1/admin/tenants?pageSize=3', ADMIN_TOKEN);
    assert.equal(first.status, 200, first.text);
    const firstPage = first.body as { tenants: Array<{ id: string }>; nextPageToken: string };
    assert.ok(firstPage.nextPageToken, first.text);
    const second = await http(
      'GET',
      `/v1/admin/tenants?pageSize=3&pageToken=${encodeURIComponent(firstPage.nextPageToken)}`,
      ADMIN_TOKEN,
    );
    assert.equal(second.status, 200, second.text);
    const secondPage = second.body as { tenants: Array<{ id: string }>; nextPageToken?: string };
    assert.deepEqual(
      [...firstPage.tenants, ...secondPage.tenants].map((tenant) => tenant.id),
      expected,
    );
    assert.ok(!secondPage.nextPageToken, second.text);

    const badToken = await failure(adminCall('ListTenants', { pageToken: 'garbage' }));
    assert.equal(badToken.code, status.INVALID_ARGUMENT);
    assert.match(badToken.details, /page_token/);
    const badSize = await failure(adminCall('ListTenants', { pageSize: 5000 }));
    assert.equal(badSize.code, status.INVALID_ARGUMENT);
    assert.match(badSize.details, /page_size/);
    const overHttp = await http('GET', '/v1/admin/tenants?pageToken=garbage', ADMIN_TOKEN);
    assert.equal(overHttp.status, 400, overHttp.text);
    assert.match(overHttp.text, /page_token/);
  });

  it("lists one tenant's heads and names a missing tenant_id", async () => {
    const answer = await adminCall<{ heads: unknown[]; truncated: boolean }>('ListHeads', {
      tenantId: 'acme',
    });
    assert.deepEqual(answer, { heads: [], truncated: false });
    const missing = await failure(adminCall('ListHeads', {}));
    assert.equal(missing.code, status.INVALID_ARGUMENT);
    assert.match(missing.details, /tenant_id/);
  });
});
