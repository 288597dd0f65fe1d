// The response cache as callers meet it: a text seen before (same model digest and output options) is answered from
// Redis, marked cached, without a worker computing it; the same new text sent by many calls at once is computed
// once; a tenant can opt out; errors are never cached; cached texts still count against token quotas.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import type { ClassifyResponse } from '@sieve/api';
import { redisConnection } from '@sieve/redis';
import { ApiKeyFormat } from '@sieve/tenancy';
import { SieveCluster, tinyModelDir } from '@sieve/testing';
import { writeTenantsFile } from '../fixtures/tenants-file.ts';

describe('response cache', { timeout: 180_000 }, () => {
  let cluster: SieveCluster;
  let dir: string;
  const cachedKey = ApiKeyFormat.generate().key;
  const optOutKey = ApiKeyFormat.generate().key;
  const meteredKey = ApiKeyFormat.generate().key;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-response-cache-'));
    const file = writeTenantsFile(dir, [
      { id: 'cached', key: cachedKey },
      { id: 'opted-out', key: optOutKey, disable_response_cache: true },
      { id: 'metered', key: meteredKey, limits: { tokens_per_minute: 40 } },
    ]).path;
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      gatewayEnv: { SIEVE_TENANTS_FILE: file, SIEVE_RESPONSE_CACHE_TTL_MS: '60000' },
    });
  });
  after(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (key: string, request: object) =>
    new Promise<ClassifyResponse>((resolve, reject) => {
      const metadata = new Metadata();
      metadata.set('authorization', `Bearer ${key}`);
      cluster.gateways[0]!.client.Classify(
        request,
        metadata,
        { deadline: Date.now() + 20_000 },
        (error, response) => (error ? reject(error as ServiceError) : resolve(response as ClassifyResponse)),
      );
    });
  /** Texts the workers computed so far (published with their heartbeat, once a second: the next one). */
  const computed = async () => (await cluster.workerStatsAfter()).texts;
  const cacheKeys = async () => {
    const redis = redisConnection({ url: cluster.redis.url });
    try {
      return (await redis.keys(`${cluster.prefix}:rc:*`)).length;
    } finally {
      redis.disconnect();
    }
  };

  it('answers a repeated text from the cache, marked cached, with the same scores and tokens', async () => {
    const first = await call(cachedKey, { model: 'tiny', texts: ['win a free cruise now'] });
    assert.equal(first.results[0]!.cached, false);
    const before = await computed();
    const again = await call(cachedKey, { model: 'tiny', texts: ['win a free cruise now'] });
    assert.equal(again.results[0]!.cached, true);
    assert.deepEqual(again.results[0]!.labels, first.results[0]!.labels);
    assert.equal(again.results[0]!.tokenCount, first.results[0]!.tokenCount);
    assert.equal(again.tokenCount, first.tokenCount);
    assert.equal(again.modelDigest, first.modelDigest);
    assert.equal(await computed(), before, 'no worker computed the repeated text');
  });

  it('computes only the unknown texts of a call and keeps the request order', async () => {
    await call(cachedKey, { model: 'tiny', texts: ['known text one'] });
    const before = await computed();
    const mixed = await call(cachedKey, {
      model: 'tiny',
      texts: ['brand new text', 'known text one', 'another new one'],
    });
    assert.deepEqual(
      mixed.results.map((result) => result.cached),
      [false, true, false],
    );
    const alone = await call(cachedKey, { model: 'tiny', texts: ['brand new text'] });
    assert.deepEqual(alone.results[0]!.labels, mixed.results[0]!.labels);
    assert.equal(await computed(), before + 2);
  });

  it('computes a wave of the same new text arriving at once one time, the other calls sharing its answer', async () => {
    const before = await computed();
    const wave = await Promise.all(
      Array.from({ length: 24 }, () =>
        call(cachedKey, { model: 'tiny', texts: ['claim your prize at once'] }),
      ),
    );
    assert.equal(wave.filter((answer) => !answer.results[0]!.cached).length, 1);
    for (const answer of wave) assert.deepEqual(answer.results[0]!.labels, wave[0]!.results[0]!.labels);
    const repeated = await call(cachedKey, {
      model: 'tiny',
      texts: ['twice in one call', 'twice in one call'],
    });
    assert.deepEqual(
      repeated.results.map((result) => result.cached),
      [false, true],
    );
    assert.equal(await computed(), before + 2);
  });

  it('keys by the options that change the answer (top_k, raw scores, truncation)', async () => {
    const text = 'options matter here';
    await call(cachedKey, { model: 'tiny', texts: [text] });
    const top1 = await call(cachedKey, { model: 'tiny', texts: [text], options: { topK: 1 } });
    assert.equal(top1.results[0]!.cached, false);
    assert.equal(top1.results[0]!.labels.length, 1);
    const raw = await call(cachedKey, { model: 'tiny', texts: [text], options: { rawScores: true } });
    assert.equal(raw.results[0]!.cached, false);
    const left = await call(cachedKey, {
      model: 'tiny',
      texts: [text],
      options: { truncation: 'TRUNCATION_LEFT' },
    });
    assert.equal(left.results[0]!.cached, false);
    const top1Again = await call(cachedKey, { model: 'tiny', texts: [text], options: { topK: 1 } });
    assert.equal(top1Again.results[0]!.cached, true);
    assert.deepEqual(top1Again.results[0]!.labels, top1.results[0]!.labels);
  });

  it('answers a retry with a request_id by its first answer, even where part of it came from the cache', async () => {
    await call(cachedKey, { model: 'tiny', texts: ['seen before retry'] });
    const request = { model: 'tiny', texts: ['seen before retry', 'not seen before'], requestId: 'order-7' };
    const first = await call(cachedKey, request);
    assert.deepEqual(
      first.results.map((result) => result.cached),
      [true, false],
    );
    const retry = await call(cachedKey, request);
    assert.deepEqual(retry.results, first.results);
    assert.equal(retry.requestId, 'order-7');
  });

  it('is off for a tenant with disable_response_cache', async () => {
    await call(optOutKey, { model: 'tiny', texts: ['opted out text'] });
    const before = await computed();
    const again = await call(optOutKey, { model: 'tiny', texts: ['opted out text'] });
    assert.equal(again.results[0]!.cached, false);
    assert.equal(await computed(), before + 1);
  });

  it('never caches an error', async () => {
    const keys = await cacheKeys();
    const tooLong = 'word '.repeat(600);
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await call(cachedKey, {
        model: 'tiny',
        texts: [tooLong],
        options: { truncation: 'TRUNCATION_NONE' },
      }).then(
        () => assert.fail('answered'),
        (e: ServiceError) => e,
      );
      assert.equal(error.code, status.INVALID_ARGUMENT);
    }
    assert.equal(await cacheKeys(), keys);
  });

  it('still counts cached texts against the tenant token quota', async () => {
    // "a b c d e f g" is 9 tokens with [CLS] and [SEP]: the fifth call is over 40 tokens a minute, cached or not.
    const request = { model: 'tiny', texts: ['a b c d e f g'] };
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await call(meteredKey, request));
    assert.equal(answers[0]!.tokenCount, 9);
    assert.ok(answers.slice(1).every((answer) => answer.results[0]!.cached));
    const error = await call(meteredKey, request).then(
      () => assert.fail('answered past the quota'),
      (e: ServiceError) => e,
    );
    assert.equal(error.code, status.RESOURCE_EXHAUSTED);
  });
});
