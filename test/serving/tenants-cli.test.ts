// `sieve tenants` and `sieve keys` as an operator uses them against a started cluster: create a tenant with limits,
// read and change them, issue a key that classifies as that tenant, rotate and revoke it — and the exit codes a
// script relies on (2 a bad flag, 4 a wrong admin token or a revoked key, 5 no such tenant).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SieveCluster, tinyModelDir } from '@sieve/testing';
import { runSieve } from '../fixtures/sieve-cli.ts';

const ADMIN_TOKEN = 'admin-token-for-tenants-cli-0123456789';

interface TenantJson {
  id: string;
  display_name: string;
  allowed_models: string[];
  limits: Record<string, number>;
  weight: number;
  default_priority: string;
  disabled: boolean;
}

/**
 * Starts a cluster with the Admin API on (and `gatewayEnv`) for the enclosing describe, and stops it after. Returns
 * the CLI as a user runs it against that cluster, with the admin token in the environment unless `env` says
 * otherwise, and the XDG data home it uses (never the user's own, so the admin-token file lookup finds nothing of
 * theirs).
 */
function adminClusterCli(gatewayEnv: Record<string, string> = {}) {
  let cluster: SieveCluster | undefined;
  let dataHome = '';
  before(async () => {
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      gatewayEnv: { SIEVE_ADMIN_TOKEN: ADMIN_TOKEN, ...gatewayEnv },
    });
    dataHome = mkdtempSync(join(tmpdir(), 'sieve-tenants-cli-'));
  });
  after(async () => {
    await cluster?.stop();
    if (dataHome) rmSync(dataHome, { recursive: true, force: true });
  });
  const sieve = (args: string[], env: Record<string, string | undefined> = {}) =>
    runSieve(args, {
      env: {
        SIEVE_ADDRESS: cluster!.gateways[0]!.address,
        SIEVE_ADMIN_TOKEN: ADMIN_TOKEN,
        SIEVE_API_KEY: undefined,
        XDG_DATA_HOME: dataHome,
        ...env,
      },
    });
  return { sieve, dataHome: () => dataHome };
}

describe('sieve tenants and sieve keys', { timeout: 300_000 }, () => {
  const { sieve, dataHome } = adminClusterCli();
  const ok = async (args: string[], env: Record<string, string | undefined> = {}) => {
    const run = await sieve(args, env);
    assert.equal(run.code, 0, `sieve ${args.join(' ')} failed: ${run.stderr}`);
    return run;
  };
  const classifyWith = (key: string | undefined) =>
    sieve(['classify', '--model', 'tiny', 'a text from the tenants test'], { SIEVE_API_KEY: key });

  it('creates a tenant with limits; list and get show them; update changes one limit and keeps the rest', async () => {
    const created = await ok([
      'tenants',
      'create',
      'acme',
      '--texts-per-minute',
      '6000',
      '--max-texts-per-call',
      '100',
      '--weight',
      '2',
      '--models',
      'tiny',
      '--json',
    ]);
    const tenant = JSON.parse(created.stdout) as TenantJson;
    assert.deepEqual(
      [tenant.id, tenant.display_name, tenant.weight, tenant.allowed_models, tenant.limits],
      ['acme', 'acme', 2, ['tiny'], { texts_per_minute: 6000, max_texts_per_call: 100 }],
    );
    assert.match(created.stderr, /sieve keys create --tenant acme/);

    const listed = (await ok(['tenants', 'list', '--json'])).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as TenantJson);
    assert.deepEqual(listed.find((t) => t.id === 'acme')?.limits, tenant.limits);
    const table = (await ok(['tenants', 'list'])).stdout;
    assert.match(table, /^ID\s+WEIGHT\s+PRIORITY/);
    assert.match(table, /acme\s+2\s+normal\s+no\s+tiny\s+texts_per_minute=6000,max_texts_per_call=100/);

    const got = await ok(['tenants', 'get', 'acme']);
    assert.match(got.stdout, /^texts_per_minute\s+6000$/m);
    assert.match(got.stdout, /^tokens_per_minute\s+none$/m);

    const updated = JSON.parse(
      (await ok(['tenants', 'update', 'acme', '--texts-per-minute', '12000', '--json'])).stdout,
    ) as TenantJson;
    assert.deepEqual(updated.limits, { texts_per_minute: 12000, max_texts_per_call: 100 });
    assert.equal(updated.weight, 2, 'update keeps the fields it was not given');

    const removed = JSON.parse(
      (await ok(['tenants', 'update', 'acme', '--max-texts-per-call', 'none', '--json'])).stdout,
    ) as TenantJson;
    assert.deepEqual(removed.limits, { texts_per_minute: 12000 });
    assert.deepEqual(
      (JSON.parse((await ok(['tenants', 'get', 'acme', '--json'])).stdout) as TenantJson).limits,
      { texts_per_minute: 12000 },
    );
  });

  it('keys create prints a key that classifies as the tenant; rotate gives a new one; revoke ends it', async () => {
    const created = await ok(['keys', 'create', '--tenant', 'acme', '--name', 'prod']);
    const key = created.stdout.trim();
    assert.match(key, /^sk-sieve-[a-z2-7]{16}-\S+$/, 'stdout is the key alone');
    const keyId = /^sk-sieve-([a-z2-7]{16})-/.exec(key)![1]!;
    assert.match(created.stderr, new RegExp(`key ${keyId} for tenant acme`));

    assert.equal((await classifyWith(key)).code, 0);
    const usage = (await ok(['usage', '--tenant', 'acme', '--json'])).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { tenant: string; requests: number });
    assert.equal(
      usage.reduce((sum, bucket) => sum + bucket.requests, 0),
      1,
      'the call counted for acme',
    );

    const asJson = JSON.parse((await ok(['keys', 'create', '--tenant', 'acme', '--json'])).stdout) as {
      id: string;
      key: string;
      tenant: string;
    };
    assert.equal(asJson.tenant, 'acme');
    assert.ok(asJson.key.startsWith(`sk-sieve-${asJson.id}-`));

    const listed = (await ok(['keys', 'list', '--tenant', 'acme', '--json'])).stdout;
    assert.ok(!listed.includes(key) && !listed.includes(asJson.key), 'keys list leaked a key');
    const ids = listed
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: string; name: string }).id)
      .sort();
    assert.deepEqual(ids, [keyId, asJson.id].sort());
    assert.match(
      (await ok(['keys', 'list', '--tenant', 'acme'])).stdout,
      new RegExp(`${keyId}\\s+prod\\s+active`),
    );

    const rotated = await ok(['keys', 'rotate', '--tenant', 'acme', keyId, '--grace', '1h']);
    const newKey = rotated.stdout.trim();
    assert.match(newKey, /^sk-sieve-[a-z2-7]{16}-\S+$/);
    assert.notEqual(newKey, key);
    assert.match(rotated.stderr, new RegExp(`replaces ${keyId}`));
    assert.equal((await classifyWith(newKey)).code, 0, 'the new key works');
    assert.equal((await classifyWith(key)).code, 0, 'the old key works during the grace period');

    const keyless = await classifyWith(undefined);
    assert.equal(
      keyless.code,
      4,
      'without SIEVE_ALLOW_KEYLESS a call needs a key once tenants are configured',
    );

    await ok(['keys', 'revoke', '--tenant', 'acme', keyId]);
    const refused = await classifyWith(key);
    assert.equal(refused.code, 4, `a revoked key is an authentication failure: ${refused.stderr}`);
    assert.match(refused.stderr, /UNAUTHENTICATED/);
    assert.equal((await classifyWith(newKey)).code, 0, 'revoking one key leaves the other');
  });

  it('finds the admin token in --admin-token, then SIEVE_ADMIN_TOKEN, then <data dir>/admin-token', async () => {
    const wrong = await sieve(['tenants', 'list', '--admin-token', 'not-the-admin-token-0123456789']);
    assert.equal(wrong.code, 4, wrong.stderr);
    assert.match(wrong.stderr, /PERMISSION_DENIED/);

    const none = await sieve(['tenants', 'list'], { SIEVE_ADMIN_TOKEN: undefined });
    assert.equal(none.code, 4);
    assert.match(none.stderr, /--admin-token/);
    assert.match(none.stderr, /SIEVE_ADMIN_TOKEN/);
    assert.match(none.stderr, new RegExp(join(dataHome(), 'sieve', 'admin-token')));

    mkdirSync(join(dataHome(), 'sieve'), { recursive: true });
    writeFileSync(join(dataHome(), 'sieve', 'admin-token'), `${ADMIN_TOKEN}\n`, { mode: 0o600 });
    try {
      await ok(['tenants', 'get', 'acme'], { SIEVE_ADMIN_TOKEN: undefined });
      const elsewhere = mkdtempSync(join(tmpdir(), 'sieve-tenants-cli-data-'));
      writeFileSync(join(elsewhere, 'admin-token'), ADMIN_TOKEN);
      await ok(['tenants', 'get', 'acme', '--data-dir', elsewhere], {
        SIEVE_ADMIN_TOKEN: undefined,
        XDG_DATA_HOME: undefined,
      });
      rmSync(elsewhere, { recursive: true });
    } finally {
      rmSync(join(dataHome(), 'sieve'), { recursive: true });
    }
  });

  it('a bad flag or id is a usage error (2) naming it, before anything is sent; an unknown tenant is 5', async () => {
    const badNumber = await sieve(['tenants', 'create', 'other', '--texts-per-minute', 'lots']);
    assert.equal(badNumber.code, 2);
    assert.match(badNumber.stderr, /--texts-per-minute/);
    const zero = await sieve(['tenants', 'update', 'acme', '--weight', '0']);
    assert.equal(zero.code, 2);
    assert.match(zero.stderr, /--weight/);
    const badId = await sieve(['tenants', 'create', 'Not Valid!']);
    assert.equal(badId.code, 2);
    assert.match(badId.stderr, /tenant id "Not Valid!"/);
    const badDuration = await sieve(['keys', 'create', '--tenant', 'acme', '--ttl', 'soon']);
    assert.equal(badDuration.code, 2);
    assert.match(badDuration.stderr, /--ttl/);
    const nothing = await sieve(['tenants', 'update', 'acme']);
    assert.equal(nothing.code, 2);
    // None of these reached the gateway: acme is as the first test left it.
    assert.equal(
      (JSON.parse((await ok(['tenants', 'get', 'acme', '--json'])).stdout) as TenantJson).weight,
      2,
    );

    const missing = await sieve(['tenants', 'get', 'nobody']);
    assert.equal(missing.code, 5, missing.stderr);
    assert.match(missing.stderr, /nobody/);
    assert.equal((await sieve(['keys', 'list', '--tenant', 'nobody'])).code, 5);
  });

  it('tenants delete removes the tenant and its keys', async () => {
    const key = (await ok(['keys', 'create', '--tenant', 'acme'])).stdout.trim();
    assert.equal((await classifyWith(key)).code, 0);
    const deleted = await ok(['tenants', 'delete', 'acme']);
    assert.equal(deleted.stdout, '');
    assert.equal((await sieve(['tenants', 'get', 'acme'])).code, 5);
    assert.equal((await classifyWith(key)).code, 4);
  });
});

// `pnpm start`'s cluster: the Admin API is on (its admin token) and SIEVE_ALLOW_KEYLESS=true, so the Quickstart's
// keyless calls keep working as tenant "default" after tenants and keys are created; a key is still checked.
describe(
  'keyless calls beside Admin API tenants (SIEVE_ALLOW_KEYLESS, as pnpm start runs the gateway)',
  { timeout: 300_000 },
  () => {
    const { sieve } = adminClusterCli({ SIEVE_ALLOW_KEYLESS: 'true' });
    const classifyWith = (key: string | undefined) =>
      sieve(['classify', '--model', 'tiny', 'a keyless text'], { SIEVE_API_KEY: key });
    const requestsOf = async (tenant: string) => {
      const run = await sieve(['usage', '--tenant', tenant, '--json']);
      assert.equal(run.code, 0, run.stderr);
      return run.stdout
        .trim()
        .split('\n')
        .filter((line) => line !== '')
        .reduce((sum, line) => sum + (JSON.parse(line) as { requests: number }).requests, 0);
    };

    it('serves keyless calls as "default" and keyed calls as their tenant; a bad key is refused', async () => {
      assert.equal((await classifyWith(undefined)).code, 0, 'keyless before any tenant exists');

      assert.equal((await sieve(['tenants', 'create', 'acme'])).code, 0);
      const created = await sieve(['keys', 'create', '--tenant', 'acme']);
      assert.equal(created.code, 0, created.stderr);
      const key = created.stdout.trim();

      assert.equal((await classifyWith(undefined)).code, 0, 'keyless after a tenant exists');
      assert.equal((await classifyWith(key)).code, 0, 'the key works');
      assert.equal(await requestsOf('acme'), 1, 'only the keyed call counted for acme');

      const wrong = await classifyWith(`${key.slice(0, -4)}AAAA`);
      assert.equal(wrong.code, 4, 'a wrong key is refused, never served as "default"');
      const keyId = /^sk-sieve-([a-z2-7]{16})-/.exec(key)![1]!;
      assert.equal((await sieve(['keys', 'revoke', '--tenant', 'acme', keyId])).code, 0);
      assert.equal((await classifyWith(key)).code, 4, 'a revoked key is refused, never served as "default"');
    });
  },
);
