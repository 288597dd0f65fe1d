import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { RedisServerFixture } from '@sieve/testing';
import {
  ApiKeyHasher,
  ApiKeyNotFoundError,
  AuthenticationError,
  InvalidTenantError,
  ReadOnlyTenantError,
  TenantDirectory,
  TenantExistsError,
  TenantPageTokenError,
  TenantStore,
  type Authenticated,
} from '../src/index.ts';

let server: RedisServerFixture;
let redis: Redis;
let clock = Date.parse('2026-11-26T12:00:00Z');
const fileKey = 'f'.repeat(48);
const directory = TenantDirectory.parse(
  JSON.stringify({
    tenants: [
      { id: 'filed', limits: { texts_per_minute: 10 } },
      { id: 'off', disabled: true, api_keys: [] },
    ],
  }).replace('"limits"', `"api_keys":[{"hash":"${ApiKeyHasher.hash(fileKey)}","name":"ops"}],"limits"`),
  'tenants.json',
);
let store: TenantStore;

before(async () => {
  server = await RedisServerFixture.start();
  redis = new Redis(server.url);
  store = new TenantStore({ redis, prefix: '{t}', directory: () => directory, now: () => clock });
});
after(async () => {
  redis.disconnect();
  await server.close();
});

function ok(result: Authenticated | AuthenticationError): Authenticated {
  if (result instanceof AuthenticationError)
    assert.fail(`expected success, got ${result.failure}: ${result.message}`);
  return result;
}
function failure(result: Authenticated | AuthenticationError): string {
  assert.ok(result instanceof AuthenticationError, 'expected an AuthenticationError');
  return result.failure;
}

describe('TenantStore', () => {
  it('creates, lists (file and stored merged), updates and validates tenants', async () => {
    const created = await store.createTenant({ id: 'acme', limits: { textsPerMinute: 100 } });
    assert.equal(created.weight, 1);
    await assert.rejects(store.createTenant({ id: 'acme' }), TenantExistsError);
    await assert.rejects(store.createTenant({ id: 'filed' }), TenantExistsError);
    await assert.rejects(store.createTenant({ id: 'Bad Id', weight: 0 }), (error: unknown) => {
      assert.ok(error instanceof InvalidTenantError);
      assert.match(error.message, /id: must be lowercase/);
      assert.match(error.message, /weight: /);
      return true;
    });
    const updated = await store.updateTenant('acme', { displayName: 'Acme', limits: { textsPerDay: 5 } });
    assert.equal(updated.displayName, 'Acme');
    assert.deepEqual(updated.limits, { textsPerDay: 5 });
    const list = await store.listTenants({ pageSize: 10 });
    assert.equal(list.nextPageToken, '');
    assert.deepEqual(
      list.tenants.map((entry) => `${entry.tenant.id}:${entry.source}`),
      ['acme:store', 'filed:file', 'off:file'],
    );
  });

  it('says file tenants are read-only', async () => {
    await assert.rejects(store.updateTenant('filed', { weight: 2 }), (error: unknown) => {
      assert.ok(error instanceof ReadOnlyTenantError);
      assert.match(error.message, /defined in the tenants file and is read-only through the Admin API/);
      return true;
    });
    await assert.rejects(store.issueKey({ tenantId: 'filed' }), ReadOnlyTenantError);
    await assert.rejects(store.deleteTenant('filed'), ReadOnlyTenantError);
  });

  it('authenticates file keys (opaque, found by hash)', async () => {
    const result = ok(await store.authenticate(fileKey));
    assert.equal(result.tenant.id, 'filed');
    assert.equal(result.source, 'file');
    assert.equal(failure(await store.authenticate('g'.repeat(48))), 'unknown-key');
  });

  it('issues, verifies, rotates with grace, revokes and expires keys', async () => {
    const issued = await store.issueKey({ tenantId: 'acme', name: 'ci' });
    assert.ok(issued.secret.startsWith(`sk-sieve-${issued.key.id}-`));
    assert.equal(issued.key.hash, ApiKeyHasher.hash(issued.secret));
    assert.equal(ok(await store.authenticate(issued.secret)).tenant.id, 'acme');
    // Right id, wrong secret.
    assert.equal(
      failure(await store.authenticate(`sk-sieve-${issued.key.id}-${'A'.repeat(43)}`)),
      'unknown-key',
    );
    // The secret is stored nowhere in Redis.
    for (const key of await redis.keys('*')) {
      const type = await redis.type(key);
      const dump = type === 'hash' ? JSON.stringify(await redis.hgetall(key)) : '';
      assert.ok(!dump.includes(issued.secret.slice(26)), `secret found in ${key}`);
    }

    const rotated = await store.rotateKey({ tenantId: 'acme', keyId: issued.key.id });
    assert.equal(rotated.oldKey.expireTime?.getTime(), clock + 24 * 3_600_000);
    assert.equal(rotated.newKey.name, 'ci');
    ok(await store.authenticate(issued.secret)); // within the grace period
    ok(await store.authenticate(rotated.secret));
    clock += 24 * 3_600_000;
    assert.equal(failure(await store.authenticate(issued.secret)), 'expired');
    ok(await store.authenticate(rotated.secret));

    const revoked = await store.revokeKey({ tenantId: 'acme', keyId: rotated.newKey.id });
    assert.equal(revoked.revoked, true);
    assert.equal(failure(await store.authenticate(rotated.secret)), 'revoked');

    const shortLived = await store.issueKey({ tenantId: 'acme', ttlMs: 1000 });
    ok(await store.authenticate(shortLived.secret));
    clock += 1000;
    assert.equal(failure(await store.authenticate(shortLived.secret)), 'expired');
  });

  it('keeps tenants apart and disables', async () => {
    await store.createTenant({ id: 'other' });
    const theirs = await store.issueKey({ tenantId: 'other' });
    await assert.rejects(store.revokeKey({ tenantId: 'acme', keyId: theirs.key.id }), ApiKeyNotFoundError);
    await assert.rejects(store.rotateKey({ tenantId: 'acme', keyId: theirs.key.id }), ApiKeyNotFoundError);
    assert.ok((await store.listKeys('acme')).every((key) => key.tenantId === 'acme'));
    assert.deepEqual(
      (await store.listKeys('other')).map((key) => key.id),
      [theirs.key.id],
    );
    await store.updateTenant('other', { disabled: true });
    assert.equal(failure(await store.authenticate(theirs.secret)), 'tenant-disabled');
  });

  it('records last use at most once a minute', async () => {
    const issued = await store.issueKey({ tenantId: 'acme' });
    const first = clock;
    ok(await store.authenticate(issued.secret));
    clock += 30_000;
    ok(await store.authenticate(issued.secret));
    await redis.ping(); // the write is fire-and-forget; a round trip on the same connection orders after it
    const key = (await store.listKeys('acme')).find((entry) => entry.id === issued.key.id);
    assert.equal(key?.lastUsedTime?.getTime(), first);
    clock += 31_000;
    ok(await store.authenticate(issued.secret));
    await redis.ping();
    const later = (await store.listKeys('acme')).find((entry) => entry.id === issued.key.id);
    assert.equal(later?.lastUsedTime?.getTime(), clock);
  });

  it('deletes a tenant with its keys and data', async () => {
    const issued = await store.issueKey({ tenantId: 'acme' });
    await redis.set('{t}:tenancy:data:acme:usage:x', '1');
    await redis.set('{t}:tenancy:data:acme-2:usage:x', '1');
    assert.ok((await store.deleteTenant('acme')) >= 3);
    assert.equal(await store.findTenant('acme'), undefined);
    assert.equal(failure(await store.authenticate(issued.secret)), 'unknown-key');
    assert.equal(await redis.exists('{t}:tenancy:data:acme:usage:x'), 0);
    assert.equal(await redis.exists('{t}:tenancy:data:acme-2:usage:x'), 1);
  });
});

describe('TenantStore pages of tenants', () => {
  // Its own prefix: these tenants are not the ones above.
  const files = TenantDirectory.parse(
    JSON.stringify({ tenants: [{ id: 'b-file' }, { id: 'm-file' }, { id: 'shadowed' }] }),
    'tenants.json',
  );
  let pager: TenantStore;
  const ids = (entries: Array<{ tenant: { id: string }; source: string }>) =>
    entries.map((entry) => `${entry.tenant.id}:${entry.source}`);

  before(() => {
    pager = new TenantStore({ redis, prefix: '{p}', directory: () => files, now: () => clock });
  });

  it('pages file and stored tenants in id order from a cursor that creations do not shift', async () => {
    for (const id of ['a', 'c', 'd', 'n', 'z']) await pager.createTenant({ id });
    // Stored before the file took the id: the file's tenant is listed, once.
    await redis.hset('{p}:tenancy:def:tenants', 'shadowed', JSON.stringify({ id: 'shadowed' }));
    await redis.zadd('{p}:tenancy:def:tenant-ids', 0, 'shadowed');
    const first = await pager.listTenants({ pageSize: 3 });
    assert.deepEqual(ids(first.tenants), ['a:store', 'b-file:file', 'c:store']);
    assert.ok(first.nextPageToken);
    // Created before the cursor while paging: not on a later page, and nothing on one shifts.
    await pager.createTenant({ id: 'aa' });
    const second = await pager.listTenants({ pageSize: 3, pageToken: first.nextPageToken });
    assert.deepEqual(ids(second.tenants), ['d:store', 'm-file:file', 'n:store']);
    const third = await pager.listTenants({ pageSize: 3, pageToken: second.nextPageToken });
    assert.deepEqual(ids(third.tenants), ['shadowed:file', 'z:store']);
    assert.equal(third.nextPageToken, '', 'the last page hands out no token');
    const exact = await pager.listTenants({ pageSize: 2, pageToken: second.nextPageToken });
    assert.equal(exact.nextPageToken, '', 'nor does a last page that is exactly full');
    // A whole slice of stored ids the file shadows is read past.
    const single = await pager.listTenants({ pageSize: 1, pageToken: second.nextPageToken });
    assert.deepEqual(ids(single.tenants), ['shadowed:file']);
    const rest = await pager.listTenants({ pageSize: 1, pageToken: single.nextPageToken });
    assert.deepEqual([ids(rest.tenants), rest.nextPageToken], [['z:store'], '']);
  });

  it('indexes tenants stored before the index existed, and deleting takes a tenant out of it', async () => {
    await redis.del('{p}:tenancy:def:tenant-ids');
    const all = await pager.listTenants({ pageSize: 100 });
    assert.deepEqual(
      ids(all.tenants),
      ['a', 'aa', 'b-file:file', 'c', 'd', 'm-file:file', 'n', 'shadowed:file', 'z'].map((id) =>
        id.includes(':') ? id : `${id}:store`,
      ),
    );
    await pager.deleteTenant('c');
    assert.equal(await redis.zscore('{p}:tenancy:def:tenant-ids', 'c'), null);
    assert.equal((await pager.listTenants({ pageSize: 100 })).tenants.length, 8);
  });

  it('refuses a page token it did not hand out', async () => {
    for (const token of ['garbage', Buffer.from('t:Not An Id').toString('base64url')]) {
      await assert.rejects(pager.listTenants({ pageSize: 2, pageToken: token }), (error: unknown) => {
        assert.ok(error instanceof TenantPageTokenError);
        assert.match(error.message, /page_token/);
        return true;
      });
    }
  });
});
