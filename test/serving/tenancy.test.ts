// Tenants as users meet them: API keys in gRPC metadata, models a tenant may use, quotas shared by two gateways,
// a tenants file reloaded without restart, and nothing of one tenant visible to another.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { statusDetailsOf, type ClassifyResponse } from '@sieve/api';
import { ApiKeyFormat, ApiKeyHasher } from '@sieve/tenancy';
import { SieveCluster, tinyModelDir } from '@sieve/testing';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('tenants, keys and quotas', { timeout: 180_000 }, () => {
  let cluster: SieveCluster;
  let dir: string;
  let file: string;
  const acme = ApiKeyFormat.generate().key;
  const globex = ApiKeyFormat.generate().key;
  const initech = ApiKeyFormat.generate().key;
  const disabled = ApiKeyFormat.generate().key;
  const late = ApiKeyFormat.generate().key;
  const wordy = ApiKeyFormat.generate().key;
  const LIMIT = 200;

  const tenantsYaml = (extra = '') => `tenants:
  - id: acme
    limits: { texts_per_minute: ${LIMIT} }
    api_keys: [{ hash: "${ApiKeyHasher.hash(acme)}", name: prod }]
  - id: globex
    api_keys: [{ hash: "${ApiKeyHasher.hash(globex)}" }]
  - id: initech
    allowed_models: [some-other-model]
    api_keys: [{ hash: "${ApiKeyHasher.hash(initech)}" }]
  - id: wordy
    limits: { tokens_per_minute: 60 }
    api_keys: [{ hash: "${ApiKeyHasher.hash(wordy)}" }]
  - id: hooli
    disabled: true
    api_keys: [{ hash: "${ApiKeyHasher.hash(disabled)}" }]
${extra}`;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-tenants-'));
    file = join(dir, 'tenants.yaml');
    writeFileSync(file, tenantsYaml());
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      gateways: 2,
      gatewayEnv: { SIEVE_TENANTS_FILE: file },
    });
  });
  after(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (key: string | undefined, request: object, gateway = 0, header = 'authorization') =>
    new Promise<{ response?: ClassifyResponse; error?: ServiceError; metadata?: Metadata }>((resolve) => {
      const metadata = new Metadata();
      if (key) metadata.set(header, header === 'authorization' ? `Bearer ${key}` : key);
      let headers: Metadata | undefined;
      const unary = cluster.gateways[gateway]!.client.Classify(
        request,
        metadata,
        { deadline: Date.now() + 20_000 },
        (error, response) =>
          resolve(
            error
              ? { error: error as ServiceError }
              : { response: response as ClassifyResponse, ...(headers ? { metadata: headers } : {}) },
          ),
      );
      unary.on('metadata', (received: Metadata) => (headers = received));
    });

  it('refuses a call without a key, or with an unknown one, as UNAUTHENTICATED, without echoing the key', async () => {
    const missing = await call(undefined, { model: 'tiny', texts: ['hi'] });
    assert.equal(missing.error?.code, status.UNAUTHENTICATED);
    const unknown = ApiKeyFormat.generate().key;
    const wrong = await call(unknown, { model: 'tiny', texts: ['hi'] });
    assert.equal(wrong.error?.code, status.UNAUTHENTICATED);
    assert.equal(statusDetailsOf(wrong.error!).errorInfo?.reason, 'INVALID_API_KEY');
    assert.ok(!wrong.error!.details.includes(unknown.slice(-20)), 'the key appears in the error');
  });

  it('accepts `authorization: Bearer` and `x-api-key`', async () => {
    assert.equal((await call(globex, { model: 'tiny', texts: ['hi'] })).response?.results.length, 1);
    assert.equal(
      (await call(globex, { model: 'tiny', texts: ['hi'] }, 1, 'x-api-key')).response?.results.length,
      1,
    );
  });

  it('answers PERMISSION_DENIED for a model the tenant may not use, and for a disabled tenant', async () => {
    const notAllowed = await call(initech, { model: 'tiny', texts: ['hi'] });
    assert.equal(notAllowed.error?.code, status.PERMISSION_DENIED);
    assert.equal(statusDetailsOf(notAllowed.error!).errorInfo?.reason, 'MODEL_NOT_ALLOWED');
    const off = await call(disabled, { model: 'tiny', texts: ['hi'] });
    assert.equal(off.error?.code, status.PERMISSION_DENIED);
  });

  it('holds texts per minute across two gateways within 5%, rejecting with QuotaFailure and RetryInfo', async () => {
    let admitted = 0;
    let rejected: ServiceError | undefined;
    let remainingHeader: string | undefined;
    await Promise.all(
      Array.from({ length: 24 }, async (_, c) => {
        for (let n = 0; n < 6; n++) {
          const texts = Array.from(
            { length: 1 + ((c + n) % 3) },
            (_, i) => `client ${c} call ${n} text ${i}`,
          );
          const result = await call(acme, { model: 'tiny', texts }, c % 2);
          if (result.response) {
            admitted += texts.length;
            remainingHeader ??= result.metadata?.get('x-ratelimit-remaining-texts-per-minute')[0] as
              | string
              | undefined;
          } else if (result.error?.code === status.RESOURCE_EXHAUSTED) rejected = result.error;
          else assert.fail(`unexpected ${result.error?.code}: ${result.error?.details}`);
        }
      }),
    );
    assert.ok(
      Math.abs(admitted - LIMIT) <= LIMIT * 0.05,
      `admitted ${admitted} texts against a limit of ${LIMIT}`,
    );
    assert.ok(rejected, 'nothing was rejected');
    const details = statusDetailsOf(rejected);
    assert.equal(details.errorInfo?.reason, 'QUOTA_EXCEEDED');
    assert.equal(details.quotaFailure?.violations[0]?.subject, 'tenant:acme');
    assert.match(details.quotaFailure?.violations[0]?.description ?? '', /texts-per-minute|texts_per_minute/);
    assert.ok((details.retryDelayMs ?? 0) > 0);
    assert.ok(
      remainingHeader !== undefined && Number(remainingHeader) >= 0,
      `remaining header: ${remainingHeader}`,
    );
    // Another tenant is unaffected by acme's exhausted quota.
    assert.equal((await call(globex, { model: 'tiny', texts: ['still fine'] })).response?.results.length, 1);
  });

  it("counts tokens per minute with the model's own tokenizer", async () => {
    // Each call: 4 texts of "good movie" = 4 x 4 tokens with [CLS]/[SEP] on the tiny vocabulary.
    const texts = Array.from({ length: 4 }, () => 'good movie');
    const first = await call(wordy, { model: 'tiny', texts });
    assert.ok(first.response, first.error?.details);
    const perCall = first.response!.tokenCount;
    let rejected: ServiceError | undefined;
    let admittedTokens = perCall;
    for (let i = 0; i < 10 && !rejected; i++) {
      const result = await call(wordy, { model: 'tiny', texts });
      if (result.error) rejected = result.error;
      else admittedTokens += result.response!.tokenCount;
    }
    assert.equal(rejected?.code, status.RESOURCE_EXHAUSTED);
    assert.match(statusDetailsOf(rejected!).quotaFailure?.violations[0]?.description ?? '', /tokens/);
    assert.ok(
      admittedTokens <= 60 && admittedTokens > 60 - perCall,
      `admitted ${admittedTokens} tokens of 60`,
    );
  });

  it('scopes request_id replays by tenant', async () => {
    const a = await call(globex, { model: 'tiny', texts: ['globex text'], requestId: 'shared-id' });
    const b = await call(initech, { model: 'tiny', texts: ['x'], requestId: 'shared-id' });
    assert.ok(a.response);
    assert.equal(
      b.error?.code,
      status.PERMISSION_DENIED,
      "initech must not receive globex's remembered answer",
    );
  });

  it('reloads the tenants file without a restart (a new key works, a bad edit keeps the old file)', async () => {
    assert.equal((await call(late, { model: 'tiny', texts: ['hi'] })).error?.code, status.UNAUTHENTICATED);
    const next = join(dir, 'tenants.next');
    writeFileSync(
      next,
      tenantsYaml(`  - id: latecomer\n    api_keys: [{ hash: "${ApiKeyHasher.hash(late)}" }]\n`),
    );
    renameSync(next, file); // as Kubernetes swaps a mounted Secret: atomically
    let result = await call(late, { model: 'tiny', texts: ['hi'] });
    for (let i = 0; i < 40 && result.error; i++) {
      await settle(100);
      result = await call(late, { model: 'tiny', texts: ['hi'] });
    }
    assert.equal(result.response?.results.length, 1);
    writeFileSync(next, 'tenants: [ { id: "Not Valid" } ]');
    renameSync(next, file);
    await settle(1000);
    assert.equal((await call(late, { model: 'tiny', texts: ['still works'] })).response?.results.length, 1);
  });
});
