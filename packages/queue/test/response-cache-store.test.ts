// The response cache's keys and its miss-on-trouble contract, over a stand-in store (the bounds of the real one,
// BoundedTenantStore, are tested on their own in test/serving/bounded-tenant-store.test.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryTenantStore } from '@sieve/testing';
import { KeyedDigest, type BoundedTenantStore } from '../src/index.ts';
import { ResponseCacheStore, type AnswerOptions } from '../src/response-cache-store.ts';

type Store = Pick<BoundedTenantStore, 'read' | 'write' | 'purge'>;

const OPTIONS: AnswerOptions = { topK: 0, raw: false, truncation: 'r' };
const DIGEST = 'sha256:0123456789abcdef';

const failingStore: Store = {
  read: () => Promise.reject(new Error('ECONNREFUSED')),
  write: () => Promise.reject(new Error('ECONNREFUSED')),
  purge: () => Promise.reject(new Error('ECONNREFUSED')),
};

describe('ResponseCacheStore', () => {
  const digest = KeyedDigest.ephemeral();

  it('gives each answer-shaping option, the model digest and the head its own field, and never the text itself', () => {
    const cache = new ResponseCacheStore(new MemoryTenantStore(), digest);
    const [base] = cache.fieldsOf(DIGEST, OPTIONS, ['hello']);
    const variants = [
      cache.fieldsOf('sha256:other', OPTIONS, ['hello']),
      cache.fieldsOf(DIGEST, { ...OPTIONS, topK: 1 }, ['hello']),
      cache.fieldsOf(DIGEST, { ...OPTIONS, raw: true }, ['hello']),
      cache.fieldsOf(DIGEST, { ...OPTIONS, truncation: 'l' }, ['hello']),
      cache.fieldsOf(DIGEST, { ...OPTIONS, head: { id: 'h1', name: 'spam', version: 1 } }, ['hello']),
      cache.fieldsOf(DIGEST, OPTIONS, ['hello!']),
    ].map(([field]) => field);
    assert.equal(new Set([base, ...variants]).size, variants.length + 1);
    assert.deepEqual(cache.fieldsOf(DIGEST, OPTIONS, ['hello']), [base]);
    assert.ok(!base!.includes('hello'));
  });

  it('reads back what it wrote, per tenant', async () => {
    const store = new MemoryTenantStore();
    const cache = new ResponseCacheStore(store, digest);
    const fields = cache.fieldsOf(DIGEST, OPTIONS, ['a', 'b']);
    cache.write('acme', [[fields[0]!, 'answer-a']]);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(await cache.read('acme', fields), ['answer-a', undefined]);
    assert.deepEqual(await cache.read('globex', fields), [undefined, undefined]);
    assert.equal(await cache.purge('acme'), 1);
  });

  it('answers a miss when Redis cannot be read, and a refused write rejects nothing', async () => {
    const cache = new ResponseCacheStore(failingStore, digest);
    const fields = cache.fieldsOf(DIGEST, OPTIONS, ['a', 'b']);
    assert.deepEqual(await cache.read('acme', fields), [undefined, undefined]);
    cache.write('acme', [[fields[0]!, 'answer-a']]);
    await new Promise((resolve) => setImmediate(resolve));
  });
});
