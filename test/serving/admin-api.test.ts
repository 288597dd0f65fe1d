// The Admin API as an operator uses it: create a tenant, issue a key, serve with it, read usage, rotate, revoke,
// delete — all behind an admin credential that no tenant key can stand in for.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import { loadSieveProtos, type AdminClient } from '@sieve/api';
import { SieveCluster, tinyModelDir } from '@sieve/testing';
import { bearer, callWithToken } from '../fixtures/grpc-calls.ts';
import { runSieve } from '../fixtures/sieve-cli.ts';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';

describe('Admin API', { timeout: 180_000 }, () => {
  let cluster: SieveCluster;
  let admin: AdminClient;

  before(async () => {
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      gatewayEnv: { SIEVE_ADMIN_TOKEN: ADMIN_TOKEN },
    });
    admin = new (loadSieveProtos().grpc.sieve.v1.Admin)(
      cluster.gateways[0]!.address,
      credentials.createInsecure(),
    );
  });
  after(async () => {
    admin?.close();
    await cluster?.stop();
  });

  const adminCall = <T>(
    method: string,
    request: object,
    token: string | undefined = ADMIN_TOKEN,
  ): Promise<T> => callWithToken<T>(admin, method, request, token);
  const classify = (key: string) =>
    new Promise<ServiceError | null>((resolve) =>
      cluster.gateways[0]!.client.Classify(
        { model: 'tiny', texts: ['from a new tenant'] },
        bearer(key),
        (error) => resolve(error),
      ),
    );
  const failure = async (promise: Promise<unknown>) =>
    promise.then(
      () => assert.fail('succeeded'),
      (error: ServiceError) => error,
    );

  it('refuses callers without the admin credential, including tenant keys', async () => {
    assert.equal((await failure(adminCall('ListTenants', {}, ''))).code, status.UNAUTHENTICATED);
    assert.equal(
      (await failure(adminCall('ListTenants', {}, 'not-the-admin-token'))).code,
      status.PERMISSION_DENIED,
    );
  });

  it('creates a tenant, issues a key that serves, reports usage, rotates, revokes and deletes', async () => {
    const created = await adminCall<{ tenant: { id: string; weight: number } }>('CreateTenant', {
      tenant: { id: 'acme', displayName: 'Acme', limits: { textsPerMinute: 1000 }, weight: 2 },
    });
    assert.equal(created.tenant.weight, 2);
    assert.equal(
      (await failure(adminCall('CreateTenant', { tenant: { id: 'acme' } }))).code,
      status.ALREADY_EXISTS,
    );
    assert.equal(
      (await failure(adminCall('CreateTenant', { tenant: { id: 'Not Valid!' } }))).code,
      status.INVALID_ARGUMENT,
    );

    const issued = await adminCall<{ key: { id: string }; secret: string }>('IssueKey', {
      tenantId: 'acme',
      name: 'prod',
    });
    assert.ok(issued.secret.length > 40);
    // A tenant key is no admin credential.
    assert.equal((await failure(adminCall('ListTenants', {}, issued.secret))).code, status.PERMISSION_DENIED);
    assert.equal(await classify(issued.secret), null);

    const keys = await adminCall<{ keys: Array<{ id: string; name: string }> }>('ListKeys', {
      tenantId: 'acme',
    });
    assert.deepEqual(
      keys.keys.map((k) => k.name),
      ['prod'],
    );
    assert.ok(!JSON.stringify(keys).includes(issued.secret), 'ListKeys leaked a secret');

    const usage = await adminCall<{
      buckets: Array<{ model: string; requests: number; texts: number; tokens: number }>;
    }>('GetUsage', {
      tenantId: 'acme',
    });
    assert.equal(usage.buckets[0]?.model, 'tiny@1');
    assert.equal(Number(usage.buckets[0]?.requests), 1);
    assert.ok(Number(usage.buckets[0]?.tokens) > 0);

    const cli = await runSieve(
      ['usage', '--tenant', 'acme', '--json', '--address', cluster.gateways[0]!.address],
      { env: { SIEVE_ADMIN_TOKEN: ADMIN_TOKEN } },
    );
    assert.equal(cli.code, 0, cli.stderr);
    const line = JSON.parse(cli.stdout.trim().split('\n')[0]!) as {
      tenant: string;
      model: string;
      requests: number;
      texts: number;
    };
    assert.deepEqual([line.tenant, line.model, line.requests, line.texts], ['acme', 'tiny@1', 1, 1]);

    const rotated = await adminCall<{ secret: string; oldKey: { expireTime: unknown } }>('RotateKey', {
      tenantId: 'acme',
      keyId: issued.key.id,
      gracePeriod: { seconds: 3600 },
    });
    assert.ok(rotated.oldKey.expireTime, 'the old key got an expiry');
    assert.equal(await classify(rotated.secret), null);
    assert.equal(await classify(issued.secret), null, 'the old key still works during the grace period');

    await adminCall('RevokeKey', { tenantId: 'acme', keyId: issued.key.id });
    assert.equal((await classify(issued.secret))?.code, status.UNAUTHENTICATED);

    await adminCall('DeleteTenant', { id: 'acme' });
    assert.equal((await classify(rotated.secret))?.code, status.UNAUTHENTICATED);
    assert.equal((await failure(adminCall('GetTenant', { id: 'acme' }))).code, status.NOT_FOUND);
  });
});
