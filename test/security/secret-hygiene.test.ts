// API keys are stored hashed and never written anywhere else; texts never reach logs or spans and stay in Redis only
// while the work needs them. A tenant key, an unknown key, a key issued by the Admin API, the admin token and a
// text are planted through every path (Classify, ClassifyStream, a batch job, Admin calls, refused calls), then
// every log line of gateway and worker (at debug level), every exported span and every Redis key and value is
// searched for them. And the admin credential and tenant keys never stand in for each other.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, Metadata, status } from '@grpc/grpc-js';
import { loadSieveProtos, type AdminClient, type ClassifyResponse } from '@sieve/api';
import { BatchClient } from '@sieve/client';
import { ApiKeyFormat, ApiKeyHasher } from '@sieve/tenancy';
import { OtlpReceiver, SieveCluster, tinyModelDir } from '@sieve/testing';
import { bearer, describeError, unary } from './grpc-test-client.ts';
import { entriesHolding, redisContents } from './redis-contents.ts';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('API keys and texts never leak', { timeout: 180_000 }, () => {
  let receiver: OtlpReceiver;
  let cluster: SieveCluster;
  let admin: AdminClient;
  let dir: string;
  const tenantKey = ApiKeyFormat.generate().key;
  const unknownKey = ApiKeyFormat.generate().key;
  const adminToken = `admin-${randomBytes(24).toString('base64url')}`;
  const canary = `canary-text-${randomBytes(8).toString('hex')}`;
  let issuedKey = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-secrets-'));
    const tenants = join(dir, 'tenants.yaml');
    writeFileSync(
      tenants,
      `tenants:\n  - id: acme\n    api_keys: [{ hash: "${ApiKeyHasher.hash(tenantKey)}", name: prod }]\n`,
    );
    receiver = await OtlpReceiver.start();
    const otel = (endpoint: string, protocol: string) => ({
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      SIEVE_LOG_LEVEL: 'debug',
    });
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      workerEnv: otel(receiver.httpEndpoint, 'http/protobuf'),
      gatewayEnv: {
        ...otel(receiver.grpcEndpoint, 'grpc'),
        SIEVE_TENANTS_FILE: tenants,
        SIEVE_ADMIN_TOKEN: adminToken,
      },
    });
    admin = new (loadSieveProtos().grpc.sieve.v1.Admin)(
      cluster.gateways[0]!.address,
      credentials.createInsecure(),
    );
  });
  after(async () => {
    admin?.close();
    await cluster?.stop();
    await receiver?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const inference = () => cluster.gateways[0]!.client;

  it('keeps the admin credential and tenant keys apart', async () => {
    const tenantOnAdmin = await unary(admin, 'ListTenants', {}, { key: tenantKey });
    assert.equal(tenantOnAdmin.error?.code, status.PERMISSION_DENIED, describeError(tenantOnAdmin.error));
    const adminAsTenant = await unary(
      inference(),
      'Classify',
      { model: 'tiny', texts: ['x'] },
      { key: adminToken },
    );
    assert.equal(adminAsTenant.error?.code, status.UNAUTHENTICATED, describeError(adminAsTenant.error));
    const batches = new BatchClient(cluster.gateways[0]!.address, { apiKey: adminToken });
    try {
      await assert.rejects(
        batches.list(),
        (error: { code: number }) => error.code === status.UNAUTHENTICATED,
      );
    } finally {
      batches.close();
    }
  });

  it('plants keys and a text through every path', async () => {
    const classified = await unary<ClassifyResponse>(
      inference(),
      'Classify',
      {
        model: 'tiny',
        texts: [canary, `${canary} again`],
        requestId: 'hygiene-1',
      },
      { key: tenantKey },
    );
    assert.ok(classified.response, describeError(classified.error));
    const viaHeader = new Metadata();
    viaHeader.set('x-api-key', tenantKey);
    assert.ok(
      (await unary(inference(), 'Classify', { model: 'tiny', texts: [canary] }, { metadata: viaHeader }))
        .response,
    );

    // Refused calls, whose keys and texts are the likeliest to end up in an error log.
    for (const key of [unknownKey, `${tenantKey}x`, tenantKey.slice(0, -3)]) {
      const refused = await unary(inference(), 'Classify', { model: 'tiny', texts: [canary] }, { key });
      assert.equal(refused.error?.code, status.UNAUTHENTICATED);
      assert.ok(!refused.error!.details.includes(key.slice(26)), 'the key is echoed in the error');
    }
    const invalid = await unary(
      inference(),
      'Classify',
      { model: 'tiny', texts: [canary, ''] },
      { key: tenantKey },
    );
    assert.equal(invalid.error?.code, status.INVALID_ARGUMENT);
    assert.ok(!invalid.error!.details.includes(canary), 'the text is echoed in the error');

    const stream = inference().ClassifyStream(bearer(tenantKey));
    const answers: unknown[] = [];
    stream.on('data', (answer: unknown) => answers.push(answer));
    const ended = new Promise((resolve) => stream.on('end', resolve));
    stream.write({ correlationId: 'a', request: { model: 'tiny', texts: [canary] } });
    stream.write({ correlationId: 'b', request: { model: 'nope', texts: [canary] } });
    stream.end();
    await ended;
    assert.equal(answers.length, 2);

    const batches = new BatchClient(cluster.gateways[0]!.address, { apiKey: tenantKey });
    try {
      const submitted = await batches.submit(
        { model: 'tiny', idempotencyKey: 'hygiene' },
        Array.from({ length: 20 }, (_, i) => ({ id: `item-${i}`, text: `${canary} ${i}` })),
      );
      for (;;) {
        const batch = await batches.get(submitted.batch!.id);
        if (batch.state === 'BATCH_STATE_SUCCEEDED') break;
        assert.ok(!['BATCH_STATE_FAILED', 'BATCH_STATE_CANCELLED'].includes(batch.state), batch.state);
        await settle(100);
      }
    } finally {
      batches.close();
    }

    const bad = await unary(admin, 'GetTenant', { id: 'acme' }, { key: `${adminToken}-wrong` });
    assert.equal(bad.error?.code, status.PERMISSION_DENIED);
    await unary(admin, 'CreateTenant', { tenant: { id: 'globex' } }, { key: adminToken });
    const issued = await unary<{ secret: string }>(
      admin,
      'IssueKey',
      { tenantId: 'globex', name: 'ci' },
      { key: adminToken },
    );
    issuedKey = issued.response!.secret;
    assert.ok(issuedKey.startsWith('sk-sieve-'));
    assert.ok(
      (await unary(inference(), 'Classify', { model: 'tiny', texts: [canary] }, { key: issuedKey })).response,
    );
  });

  const secrets = () => ({
    'the tenant key': tenantKey,
    "the tenant key's secret part": tenantKey.slice(26),
    'an unknown key': unknownKey.slice(26),
    'an issued key': issuedKey.slice(26),
    'the admin token': adminToken,
  });

  it('writes no key, token or text to any log line of gateway or worker at debug level', async () => {
    const services = [...cluster.gateways.map((gateway) => gateway.process), ...cluster.workers];
    const lines = services.flatMap((service) => service.output);
    assert.ok(
      lines.some((line) => /"level":20/.test(line)),
      'debug lines were written',
    );
    for (const [what, secret] of Object.entries({ ...secrets(), 'the text': canary })) {
      const leaks = lines.filter((line) => line.includes(secret));
      assert.deepEqual(leaks, [], `${what} in the logs`);
    }
  });

  it('exports no key, token or text in any span', async () => {
    const spans = await receiver.waitFor(
      (all) =>
        all.some((span) => span.name === 'sieve.batch') &&
        // The four Classify calls that reach the handler; those refused for their key are answered from metadata,
        // before any handler or span.
        all.filter((span) => span.name === 'sieve.v1.Inference/Classify').length >= 4,
    );
    await settle(500);
    const exported = JSON.stringify(receiver.spans, (_, value: unknown) =>
      typeof value === 'bigint' ? String(value) : value,
    );
    assert.ok(spans.length > 10);
    for (const [what, secret] of Object.entries({ ...secrets(), 'the text': canary })) {
      assert.ok(!exported.includes(secret), `${what} in an exported span`);
    }
  });

  it('keeps keys in Redis only as hashes, and texts only while their work runs', async () => {
    let entries = await redisContents(cluster.redis.url);
    // The finished work's texts go as their jobs complete; allow the last removals a moment.
    for (let i = 0; i < 50 && entriesHolding(entries, canary).length > 0; i++) {
      await settle(100);
      entries = await redisContents(cluster.redis.url);
    }
    for (const [what, secret] of Object.entries(secrets())) {
      assert.deepEqual(
        entriesHolding(entries, secret).map((entry) => entry.key),
        [],
        `${what} in Redis`,
      );
    }
    assert.ok(
      entriesHolding(entries, ApiKeyHasher.hash(issuedKey)).length > 0,
      'the issued key is stored as its hash',
    );
    assert.deepEqual(
      entriesHolding(entries, canary).map((entry) => `${entry.type} ${entry.key}`),
      [],
      'a text outlived its work in Redis',
    );
  });
});
