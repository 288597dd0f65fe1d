import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { RedisServerFixture } from '@sieve/testing';
import { HeadStore, type HeadDraft } from '../src/index.ts';

const PREFIX = '{t}';
let counter = 0;

const draft = (tenant: string, name = 'spam', idempotencyKey = ''): HeadDraft => ({
  id: `h-${String(++counter).padStart(6, '0')}`,
  tenant,
  name,
  baseModel: 'tiny',
  baseVersion: '1',
  baseDigest: 'sha256:abc',
  labels: ['ham', 'spam'],
  holdoutFraction: 0.2,
  hiddenUnits: 0,
  classWeighting: 'sqrt-inverse',
  idempotencyKey,
  examples: 3,
});

describe('HeadStore', () => {
  let server: RedisServerFixture;
  let redis: Redis;
  let store: HeadStore;

  before(async () => {
    server = await RedisServerFixture.start();
    redis = new Redis(server.url);
    store = new HeadStore(redis, PREFIX);
  });
  after(async () => {
    redis?.disconnect();
    await server?.close();
  });

  it('gives each head of a tenant increasing versions, per base model and name', async () => {
    const first = await store.create(draft('acme'), 60_000);
    const second = await store.create(draft('acme'), 60_000);
    const other = await store.create(draft('acme', 'abuse'), 60_000);
    const elsewhere = await store.create(draft('globex'), 60_000);
    assert.deepEqual(
      [first, second, other, elsewhere].map((created) => [created.outcome, created.record.version]),
      [
        ['created', 1],
        ['created', 2],
        ['created', 1],
        ['created', 1],
      ],
    );
    assert.equal(first.record.state, 'training');
    const versions = await store.versions('acme', 'tiny', 'spam');
    assert.deepEqual(
      versions.map((record) => record.version),
      [2, 1],
    );
    // A deleted version's number is never given out again.
    await store.delete('acme', [second.record.id]);
    assert.equal((await store.create(draft('acme'), 60_000)).record.version, 3);
  });

  it('never shows one tenant another tenant head, whatever id is asked for', async () => {
    const { record } = await store.create(draft('acme', 'private'), 60_000);
    assert.equal(await store.get('globex', record.id), undefined);
    assert.equal((await store.list('globex')).filter((r) => r.name === 'private').length, 0);
    assert.deepEqual(await store.delete('globex', [record.id]), []);
    assert.ok(await store.get('acme', record.id));
  });

  it('returns the existing version for a retried idempotency key, and a new one after it was deleted', async () => {
    const first = await store.create(draft('acme', 'idem', 'key-1'), 60_000);
    const again = await store.create(draft('acme', 'idem', 'key-1'), 60_000);
    assert.equal(again.outcome, 'existing');
    assert.equal(again.record.id, first.record.id);
    await store.delete('acme', [first.record.id]);
    const fresh = await store.create(draft('acme', 'idem', 'key-1'), 60_000);
    assert.equal(fresh.outcome, 'created');
    assert.equal(fresh.record.version, 2);
  });

  it('stages examples, keeps them for training, and settles ready with weights (not once deleted)', async () => {
    const head = draft('acme', 'trained');
    await store.stageExamples(head.id, [['hello', 0]], 60_000);
    await store.stageExamples(
      head.id,
      [
        ['win cash now', 1],
        ['see you', 0],
      ],
      60_000,
    );
    const { record } = await store.create(head, 600_000);
    assert.deepEqual(await store.readExamples(record.id), [
      ['hello', 0],
      ['win cash now', 1],
      ['see you', 0],
    ]);
    assert.ok((await redis.pttl(store.keys.examples(record.id))) > 60_000);
    const metrics = { epochs: 3 } as never;
    assert.equal(await store.markReady(record, '{"w":1}', metrics), true);
    const ready = await store.get('acme', record.id);
    assert.equal(ready?.state, 'ready');
    assert.deepEqual(ready?.metrics, metrics);
    assert.equal(await store.weights('acme', record.id), '{"w":1}');
    assert.equal(await store.weights('globex', record.id), undefined);

    const { record: doomed } = await store.create(draft('acme', 'doomed'), 60_000);
    await store.delete('acme', [doomed.id]);
    assert.equal(await store.markFailed(doomed, 'too late'), false);
    assert.equal(await store.get('acme', doomed.id), undefined);
  });

  it('purges every key of a tenant and leaves the others', async () => {
    const { record } = await store.create(draft('purged', 'x', 'k'), 60_000);
    await store.markReady(record, '{}', {} as never);
    assert.ok((await store.purgeTenant('purged')) >= 3);
    assert.deepEqual(await redis.keys('{t}:*purged*'), []);
    assert.ok((await store.list('acme')).length > 0);
  });
});
