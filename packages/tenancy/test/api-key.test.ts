import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it, mock } from 'node:test';
import {
  ApiKeyFormat,
  ApiKeyHasher,
  AuthenticationError,
  presentedApiKey,
  presentedBearer,
} from '../src/index.ts';

describe('API keys', () => {
  it('generates sk-sieve-<id>-<secret> with 32 random bytes and a 16-character public id', () => {
    const a = ApiKeyFormat.generate();
    const b = ApiKeyFormat.generate();
    assert.match(a.key, /^sk-sieve-[a-z2-7]{16}-[A-Za-z0-9_-]{43}$/);
    assert.ok(a.key.startsWith(`sk-sieve-${a.keyId}-`));
    assert.notEqual(a.key, b.key);
    assert.equal(Buffer.from(a.key.split('-').slice(3).join('-'), 'base64url').length, 32);
    assert.deepEqual(ApiKeyFormat.parse(a.key), { keyId: a.keyId, key: a.key });
  });

  it('hashes as sha256:<hex> and verifies with timingSafeEqual', () => {
    const { key } = ApiKeyFormat.generate();
    const hash = ApiKeyHasher.hash(key);
    assert.match(hash, /^sha256:[0-9a-f]{64}$/);
    assert.equal(hash, 'sha256:' + crypto.createHash('sha256').update(key).digest('hex'));
    const spy = mock.method(crypto, 'timingSafeEqual');
    try {
      assert.equal(ApiKeyHasher.verify(key, hash), true);
      assert.equal(ApiKeyHasher.verify(key + 'x', hash), false);
      assert.equal(spy.mock.callCount(), 2);
    } finally {
      spy.mock.restore();
    }
    assert.equal(ApiKeyHasher.verify(key, 'md5:abc'), false);
  });

  it('reads Bearer and x-api-key, with clear errors', () => {
    const { key, keyId } = ApiKeyFormat.generate();
    assert.equal(presentedApiKey({ authorization: `Bearer ${key}` }).keyId, keyId);
    assert.equal(presentedApiKey({ authorization: `bearer   ${key}` }).keyId, keyId);
    assert.equal(presentedApiKey({ 'x-api-key': key }).keyId, keyId);
    assert.equal(presentedApiKey({ authorization: `Bearer ${key}`, 'x-api-key': key }).keyId, keyId);
    const failure = (headers: Parameters<typeof presentedApiKey>[0]) => {
      try {
        presentedApiKey(headers);
      } catch (error) {
        assert.ok(error instanceof AuthenticationError);
        assert.ok(!error.message.includes(key), 'errors never echo the key');
        return error.failure;
      }
      assert.fail('expected an AuthenticationError');
    };
    assert.equal(failure({}), 'missing');
    assert.equal(failure({ authorization: `Basic ${key}` }), 'malformed');
    assert.equal(
      failure({ authorization: `Bearer ${key}`, 'x-api-key': ApiKeyFormat.generate().key }),
      'malformed',
    );
    assert.equal(failure({ 'x-api-key': 'sk-sieve-short-abc' }), 'malformed');
    assert.equal(failure({ 'x-api-key': 'too-short' }), 'malformed');
    assert.equal(failure({ 'x-api-key': [key, key] }), 'malformed');
    // An opaque operator-chosen key (file only) is accepted by the parser without an id.
    assert.deepEqual(presentedApiKey({ 'x-api-key': 'o'.repeat(40) }), { key: 'o'.repeat(40) });
  });

  it('reads one Bearer credential by one rule, for API keys and the admin token alike', () => {
    assert.equal(presentedBearer({ authorization: 'Bearer admin-token' }), 'admin-token');
    assert.equal(presentedBearer({ authorization: ['bearer  admin-token '] }), 'admin-token');
    assert.equal(presentedBearer({}), undefined);
    assert.equal(presentedBearer({ authorization: [] }), undefined);
    for (const authorization of [
      ['Bearer a', 'Bearer a'],
      ['Bearer a', 'Bearer b'],
    ]) {
      assert.throws(
        () => presentedBearer({ authorization }),
        (error: unknown) =>
          error instanceof AuthenticationError &&
          error.failure === 'malformed' &&
          error.message === 'authorization was sent more than once',
      );
      // An API key sent twice in the same header is refused by the same words.
      assert.throws(() => presentedApiKey({ authorization }), /authorization was sent more than once/);
    }
    assert.throws(() => presentedBearer({ authorization: 'Basic abc' }), /must be "Bearer <credential>"/);
  });
});
