// A gateway never serves callers without keys on an address other hosts can reach unless told to with
// SIEVE_ALLOW_OPEN=true: neither open mode (no tenants at all) nor SIEVE_ALLOW_KEYLESS (pnpm start's keyless tenant
// beside the Admin API's tenants). Both refusals stop the gateway at start with a message naming the fix.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compiledServicesReady, freePort, RedisServerFixture, serviceCommand } from '@sieve/testing';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const ADMIN_TOKEN = 'keyless-refusal-admin-token-0123456789';

/** Starts a gateway and resolves with its exit code and output once it exits (a hang fails the test's timeout). */
async function gatewayExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  await compiledServicesReady();
  const child = spawn(process.execPath, serviceCommand('gateway', 'compiled'), {
    cwd: repoRoot,
    env: { ...process.env, SIEVE_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('callers without keys on a reachable address', { timeout: 60_000 }, () => {
  let redis: RedisServerFixture;
  before(async () => {
    redis = await RedisServerFixture.start();
  });
  after(async () => {
    await redis?.stop();
  });

  const reachable = async () => ({ REDIS_URL: redis.url, SIEVE_GRPC_ADDRESS: `0.0.0.0:${await freePort()}` });

  it('open mode (no tenants file, no admin token) is refused unless SIEVE_ALLOW_OPEN=true', async () => {
    const { code, output } = await gatewayExit(await reachable());
    assert.notEqual(code, 0, output);
    assert.match(output, /is not a loopback address: refusing to serve everyone without keys/);
    assert.match(output, /SIEVE_ALLOW_OPEN=true/);
  });

  it('SIEVE_ALLOW_KEYLESS=true beside an admin token is refused unless SIEVE_ALLOW_OPEN=true', async () => {
    const { code, output } = await gatewayExit({
      ...(await reachable()),
      SIEVE_ADMIN_TOKEN: ADMIN_TOKEN,
      SIEVE_ALLOW_KEYLESS: 'true',
    });
    assert.notEqual(code, 0, output);
    assert.match(output, /SIEVE_ALLOW_KEYLESS=true and 0\.0\.0\.0:\d+ is not a loopback address/);
    assert.match(output, /SIEVE_ALLOW_OPEN=true/);
    assert.doesNotMatch(output, new RegExp(ADMIN_TOKEN), 'the admin token is never logged');
  });

  it('the admin HTTP listener counts as an address like the others, and the refusal names it', async () => {
    const adminAddress = `0.0.0.0:${await freePort()}`;
    const { code, output } = await gatewayExit({
      REDIS_URL: redis.url,
      SIEVE_GRPC_ADDRESS: `127.0.0.1:${await freePort()}`,
      SIEVE_ADMIN_HTTP_ADDRESS: adminAddress,
      SIEVE_ADMIN_TOKEN: ADMIN_TOKEN,
      SIEVE_ALLOW_KEYLESS: 'true',
    });
    assert.notEqual(code, 0, output);
    assert.match(
      output,
      new RegExp(`SIEVE_ALLOW_KEYLESS=true and ${adminAddress} is not a loopback address`),
    );
  });
});
