// A request_id names one request: a retry of the same request gets the first answer, and the same id sent with
// another request (other texts, options) is refused with ALREADY_EXISTS / REQUEST_ID_REUSED, never answered with the
// first request's results, whether the response cache is on or off for the tenant. The cache keys and the memo
// hold keyed digests (HMAC under SIEVE_CACHE_KEY_SECRET), not plain hashes of texts: anyone reading Redis cannot
// confirm a guessed text, and gateways configured with the same secret share their cached answers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { statusDetailsOf, type ClassifyResponse } from '@sieve/api';
import { ApiKeyFormat } from '@sieve/tenancy';
import { SieveCluster, tinyModelDir } from '@sieve/testing';
import { describeError, unary } from '../security/grpc-test-client.ts';
import { entriesHolding, redisContents } from '../security/redis-contents.ts';
import { writeTenantsFile } from '../fixtures/tenants-file.ts';

describe('request_id and keyed cache keys', { timeout: 180_000 }, () => {
  let cluster: SieveCluster;
  let dir: string;
  const cachedKey = ApiKeyFormat.generate().key;
  const uncachedKey = ApiKeyFormat.generate().key;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-request-id-'));
    const file = writeTenantsFile(dir, [
      { id: 'cached', key: cachedKey },
      { id: 'uncached', key: uncachedKey, disable_response_cache: true },
    ]).path;
    const gatewayEnv = {
      SIEVE_TENANTS_FILE: file,
      SIEVE_RESPONSE_CACHE_TTL_MS: '60000',
      SIEVE_CACHE_KEY_SECRET: randomBytes(32).toString('base64'),
    };
    cluster = await SieveCluster.start({ modelDir: await tinyModelDir(), gateways: 2, gatewayEnv });
  });
  after(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const classify = (key: string, request: object, gateway = 0) =>
    unary<ClassifyResponse>(
      cluster.gateways[gateway]!.client,
      'Classify',
      { model: 'tiny', ...request },
      { key },
    );

  for (const [tenant, key] of [
    ['with the response cache', cachedKey],
    ['without the response cache', uncachedKey],
  ] as const) {
    it(`${tenant}: answers a retry with the first answer and refuses the id for another request`, async () => {
      const requestId = `order-${tenant.length}`;
      const first = await classify(key, { texts: ['the first request'], requestId });
      assert.ok(first.response, describeError(first.error));
      const retry = await classify(key, { texts: ['the first request'], requestId });
      assert.deepEqual(retry.response?.results, first.response.results);

      for (const other of [
        { texts: ['the first request', 'and another text'] },
        { texts: ['a different text'] },
        { texts: ['the first request'], options: { topK: 1 } },
      ]) {
        const reused = await classify(key, { ...other, requestId });
        assert.equal(
          reused.error?.code,
          status.ALREADY_EXISTS,
          `${JSON.stringify(other)}: ${describeError(reused.error)}`,
        );
        assert.equal(statusDetailsOf(reused.error!).errorInfo?.reason, 'REQUEST_ID_REUSED');
        assert.match(reused.error!.details, /request_id .* another request/);
      }
      // The id still names the first request, from the other gateway too.
      const again = await classify(key, { texts: ['the first request'], requestId }, 1);
      assert.deepEqual(again.response?.results, first.response.results);
      // Without an id, the same texts are simply classified.
      const anonymous = await classify(key, { texts: ['the first request', 'and another text'] });
      assert.equal(anonymous.response?.results.length, 2);
    });
  }

  it('keys cached answers by HMAC, not by a plain hash of the text, and shares them between gateways', async () => {
    const text = `keyed-${randomBytes(6).toString('hex')}`;
    const first = await classify(cachedKey, { texts: [text] }, 0);
    assert.equal(first.response?.results[0]?.cached, false);
    const other = await classify(cachedKey, { texts: [text] }, 1);
    assert.equal(
      other.response?.results[0]?.cached,
      true,
      'the second gateway, with the same secret, shares it',
    );

    const entries = await redisContents(cluster.redis.url);
    const plain = [
      // What the cache keyed by before: sha256 over "topK\0raw\0truncation\0" and the text.
      createHash('sha256').update('0\u00000\u0000r\u0000').update(text).digest('base64url'),
      createHash('sha256').update(text).digest('base64url'),
      createHash('sha256').update(text).digest('hex'),
      text,
    ];
    for (const needle of plain) {
      assert.deepEqual(
        entriesHolding(entries, needle).map((entry) => entry.key),
        [],
        `Redis holds ${needle}`,
      );
    }
    assert.ok(
      entries.some((entry) => entry.key.includes(':rc:cached:')),
      'the tenant has a response-cache structure',
    );
  });
});
