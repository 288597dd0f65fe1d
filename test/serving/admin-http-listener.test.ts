// The admin plane on a port of its own (SIEVE_ADMIN_HTTP_ADDRESS): the Admin API's /v1/admin routes and the console
// are served there, behind the admin token, and the tenants' HTTP port (the one an Ingress exposes) answers them
// 404 like any unknown path; no tenant route is served on the admin port.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { credentials } from '@grpc/grpc-js';
import { loadSieveProtos, type AdminClient } from '@sieve/api';
import { freePort, SieveCluster, tinyModelDir } from '@sieve/testing';
import { callWithToken, waitUntil } from '../fixtures/grpc-calls.ts';

const ADMIN_TOKEN = 'admin-token-for-the-admin-port-0123456789';

describe('admin HTTP listener beside the tenant one', { timeout: 120_000 }, () => {
  let cluster: SieveCluster;
  let tenantBase: string;
  let adminBase: string;
  let tenantKey: string;

  const get = async (base: string, path: string, token?: string) => {
    const response = await fetch(`${base}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: response.status, text: await response.text(), headers: response.headers };
  };

  before(async () => {
    const [tenantPort, adminPort] = [await freePort(), await freePort()];
    tenantBase = `http://127.0.0.1:${tenantPort}`;
    adminBase = `http://127.0.0.1:${adminPort}`;
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      gatewayEnv: {
        SIEVE_ADMIN_TOKEN: ADMIN_TOKEN,
        SIEVE_HTTP_ADDRESS: `127.0.0.1:${tenantPort}`,
        SIEVE_ADMIN_HTTP_ADDRESS: `127.0.0.1:${adminPort}`,
        SIEVE_CONSOLE_ENABLED: 'true',
      },
    });
    // The HTTP listeners open just after the gRPC port the cluster waits for.
    for (const base of [tenantBase, adminBase]) {
      await waitUntil(`${base} answers`, () =>
        fetch(`${base}/openapi.json`).then(
          () => true,
          () => undefined,
        ),
      );
    }
    const address = cluster.gateways[0]!.address;
    const admin: AdminClient = new (loadSieveProtos().grpc.sieve.v1.Admin)(
      address,
      credentials.createInsecure(),
    );
    await callWithToken(admin, 'CreateTenant', { tenant: { id: 'acme' } }, ADMIN_TOKEN);
    tenantKey = (
      await callWithToken<{ secret: string }>(
        admin,
        'IssueKey',
        { tenantId: 'acme', name: 'http' },
        ADMIN_TOKEN,
      )
    ).secret;
    admin.close();
  });

  after(async () => {
    await cluster?.stop();
  });

  it('serves the Admin API on the admin port, to the admin token only', async () => {
    const cluster = await get(adminBase, '/v1/admin/cluster', ADMIN_TOKEN);
    assert.equal(cluster.status, 200, cluster.text);
    assert.ok((JSON.parse(cluster.text) as { gateway: { id: string } }).gateway.id);
    const tenants = await get(adminBase, '/v1/admin/tenants', ADMIN_TOKEN);
    assert.equal(tenants.status, 200, tenants.text);
    assert.match(tenants.text, /"acme"/);
    assert.equal((await get(adminBase, '/v1/admin/cluster')).status, 401);
    assert.equal(
      (await get(adminBase, '/v1/admin/cluster', tenantKey)).status,
      403,
      'a tenant key is refused',
    );
    assert.equal((await get(adminBase, '/v1/admin/cluster', 'not-the-token')).status, 403);
  });

  it('serves the console and what it reads on the admin port', async () => {
    const page = await get(adminBase, '/console/');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.equal((await get(adminBase, '/v1/models')).status, 200);
    assert.notEqual((await get(adminBase, '/health')).status, 404);
  });

  it('answers the admin routes and the console 404 on the tenant port, as unknown paths', async () => {
    for (const path of ['/v1/admin/cluster', '/v1/admin/tenants', '/v1/admin/batches']) {
      const answer = await get(tenantBase, path, ADMIN_TOKEN);
      assert.equal(answer.status, 404, `${path}: ${answer.text}`);
      assert.match(answer.text, /no route GET/);
    }
    assert.equal((await get(tenantBase, '/console/')).status, 404);
    assert.equal((await get(tenantBase, '/console/main.js')).status, 404);
  });

  it('serves the tenant routes on the tenant port only', async () => {
    const listed = await get(tenantBase, '/v1/batches', tenantKey);
    assert.equal(listed.status, 200, listed.text);
    assert.equal((await get(adminBase, '/v1/batches', tenantKey)).status, 404);
    assert.equal((await get(adminBase, '/info')).status, 404);
    const predict = await fetch(`${adminBase}/predict`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenantKey}`, 'content-type': 'application/json' },
      body: '{"inputs":"hello"}',
    });
    assert.equal(predict.status, 404);
  });

  it("documents each listener's own routes in its /openapi.json", async () => {
    const pathsOf = async (base: string) =>
      Object.keys((JSON.parse((await get(base, '/openapi.json')).text) as { paths: object }).paths);
    const tenantPaths = await pathsOf(tenantBase);
    const adminPaths = await pathsOf(adminBase);
    assert.ok(tenantPaths.includes('/v1/classify') && tenantPaths.includes('/predict'));
    assert.ok(!tenantPaths.some((path) => path.startsWith('/v1/admin/')), tenantPaths.join(' '));
    assert.ok(adminPaths.includes('/v1/admin/cluster') && adminPaths.includes('/v1/models'));
    assert.ok(!adminPaths.includes('/v1/classify') && !adminPaths.includes('/predict'), adminPaths.join(' '));
  });

  it('logs where the admin listener is, and closes both listeners when the gateway stops', async () => {
    const gateway = cluster.gateways[0]!.process;
    const adminPort = new URL(adminBase).port;
    assert.ok(
      gateway.output.some(
        (line) => line.includes('admin HTTP listening') && line.includes(`"port":${adminPort}`),
      ),
      gateway.output.join('\n'),
    );
    assert.equal(await gateway.kill('SIGTERM'), 0, gateway.output.join('\n'));
    for (const base of [tenantBase, adminBase]) {
      await assert.rejects(fetch(`${base}/openapi.json`), `${base} still answers after the stop`);
    }
  });
});
