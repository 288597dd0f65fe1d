import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { judgeRedisRequirements, parseNodeFacts, type RedisNodeFacts } from '../src/redis-requirements.ts';

const node = (facts: Partial<RedisNodeFacts> & { node?: string }): RedisNodeFacts => ({
  node: '127.0.0.1:6379',
  maxmemoryPolicy: 'noeviction',
  aofEnabled: false,
  savePoints: '',
  ...facts,
});

describe('parseNodeFacts', () => {
  it('reads the policy from INFO memory and AOF from INFO persistence', () => {
    const facts = parseNodeFacts('10.0.0.1:6379', {
      memory: '# Memory\r\nused_memory:1000\r\nmaxmemory:0\r\nmaxmemory_policy:allkeys-lru\r\n',
      persistence: '# Persistence\r\nloading:0\r\naof_enabled:1\r\n',
      save: { ok: '3600 1 300 100' },
    });
    assert.deepEqual(facts, {
      node: '10.0.0.1:6379',
      maxmemoryPolicy: 'allkeys-lru',
      aofEnabled: true,
      savePoints: '3600 1 300 100',
    });
  });

  it('says it could not tell what INFO or CONFIG did not say', () => {
    const facts = parseNodeFacts('n', {
      memory: '# Memory\r\nused_memory:1\r\n',
      persistence: '',
      save: { refused: 'ERR unknown command `CONFIG`' },
    });
    assert.equal(facts.maxmemoryPolicy, undefined);
    assert.equal(facts.aofEnabled, undefined);
    assert.deepEqual(facts.savePoints, { refused: 'ERR unknown command `CONFIG`' });
  });
});

describe('judgeRedisRequirements', () => {
  it('accepts noeviction with AOF without a word', () => {
    const verdict = judgeRedisRequirements([node({ aofEnabled: true })]);
    assert.equal(verdict.refusal, undefined);
    assert.deepEqual(verdict.warnings, []);
  });

  it('accepts RDB save points as persistence', () => {
    const verdict = judgeRedisRequirements([node({ savePoints: '3600 1' })]);
    assert.deepEqual(verdict.warnings, []);
  });

  it('refuses any other policy, naming the setting, the node and the fix', () => {
    for (const policy of ['allkeys-lru', 'volatile-lru', 'allkeys-random', 'volatile-ttl', 'allkeys-lfu']) {
      const verdict = judgeRedisRequirements([node({ maxmemoryPolicy: policy, aofEnabled: true })]);
      assert.ok(verdict.refusal, policy);
      assert.match(verdict.refusal, new RegExp(`maxmemory-policy is ${policy} on 127\\.0\\.0\\.1:6379`));
      assert.match(verdict.refusal, /sieve needs noeviction/);
      assert.match(verdict.refusal, /maxmemory-policy noeviction/);
      assert.match(verdict.refusal, /CONFIG SET/);
    }
  });

  it('on Redis Cluster, refuses when any primary evicts and names only those', () => {
    const verdict = judgeRedisRequirements([
      node({ node: 'a:1', aofEnabled: true }),
      node({ node: 'b:2', aofEnabled: true, maxmemoryPolicy: 'volatile-lru' }),
      node({ node: 'c:3', aofEnabled: true }),
    ]);
    assert.match(verdict.refusal ?? '', /volatile-lru on b:2/);
    assert.doesNotMatch(verdict.refusal ?? '', /a:1|c:3/);
  });

  it('warns once, naming what a restart loses, when no primary persists', () => {
    const verdict = judgeRedisRequirements([node({ node: 'a:1' }), node({ node: 'b:2', aofEnabled: true })]);
    assert.equal(verdict.refusal, undefined);
    assert.equal(verdict.warnings.length, 1);
    const [warning] = verdict.warnings;
    assert.deepEqual(warning!.fields.nodes, ['a:1']);
    assert.equal(warning!.fields.redisPersistence, 'none');
    for (const lost of ['tenants', 'API keys', 'heads', 'batch', 'queued'])
      assert.match(warning!.message, new RegExp(lost));
    assert.match(warning!.message, /appendonly yes/);
  });

  it('says it could not tell where CONFIG is refused and AOF is off', () => {
    const verdict = judgeRedisRequirements([node({ savePoints: { refused: 'NOPERM' } })]);
    assert.equal(verdict.refusal, undefined);
    assert.equal(verdict.warnings.length, 1);
    assert.equal(verdict.warnings[0]!.fields.redisPersistence, 'unknown');
    assert.match(verdict.warnings[0]!.message, /could not tell/);
  });

  it('AOF on is persistence even where CONFIG is refused', () => {
    const verdict = judgeRedisRequirements([node({ aofEnabled: true, savePoints: { refused: 'NOPERM' } })]);
    assert.deepEqual(verdict.warnings, []);
  });

  it('an unknown policy is a warning that it could not tell, not a refusal', () => {
    const verdict = judgeRedisRequirements([node({ maxmemoryPolicy: undefined, aofEnabled: true })]);
    assert.equal(verdict.refusal, undefined);
    assert.equal(verdict.warnings.length, 1);
    assert.match(verdict.warnings[0]!.message, /could not tell .*maxmemory-policy/);
  });
});
