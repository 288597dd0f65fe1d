import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiKeyHasher, TenantDirectory, TenantFileError, parseTenantFile } from '../src/index.ts';

const hash = ApiKeyHasher.hash('sk-sieve-aaaaaaaaaaaaaaaa-' + 'x'.repeat(43));

function issuesOf(text: string): string[] {
  try {
    parseTenantFile(text, 'tenants.yaml');
  } catch (error) {
    assert.ok(error instanceof TenantFileError);
    return [...error.issues];
  }
  assert.fail('expected TenantFileError');
}

describe('tenants file', () => {
  it('reads YAML with defaults and key hashes', () => {
    const { tenants, keys } = parseTenantFile(
      `tenants:
  - id: acme
    display_name: Acme
    limits: { texts_per_minute: 1000 }
    api_keys:
      - hash: ${hash}
        id: aaaaaaaaaaaaaaaa
        name: prod
        expire_time: 2027-01-01T00:00:00Z
  - id: beta
`,
      'tenants.yaml',
    );
    assert.equal(tenants.length, 2);
    assert.deepEqual(tenants[0]?.limits.textsPerMinute, 1000);
    assert.equal(tenants[1]?.weight, 1);
    assert.equal(tenants[1]?.defaultPriority, 'normal');
    assert.deepEqual(tenants[1]?.allowedModels, []);
    assert.equal(keys[0]?.tenantId, 'acme');
    assert.equal(keys[0]?.expireTime?.toISOString(), '2027-01-01T00:00:00.000Z');
  });

  it('reads JSON too, and names keys without an id after their hash', () => {
    const directory = TenantDirectory.parse(
      JSON.stringify({ tenants: [{ id: 'acme', api_keys: [{ hash }] }] }),
      'tenants.json',
    );
    const key = directory.keyByHash(hash);
    assert.equal(key?.id, `file-${hash.slice(7, 19)}`);
    assert.equal(directory.keysOf('other').length, 0);
  });

  it('names the path of each problem', () => {
    const issues = issuesOf(`tenants:
  - id: a
  - id: b
  - id: c
    limits: { texts_per_minute: -5 }
`);
    assert.equal(issues.length, 1);
    assert.match(issues[0] ?? '', /^tenants\[2\]\.limits\.texts_per_minute: /);
  });

  it('rejects bad ids, unknown fields, weights < 1, duplicates and plaintext keys', () => {
    const issues = issuesOf(`tenants:
  - id: Acme_Corp
    weight: 0
  - id: b
    limits: { text_per_minute: 5 }
    api_keys: [{ hash: sk-sieve-aaaaaaaaaaaaaaaa-secret }]
  - id: b
`);
    const text = issues.join('\n');
    assert.match(text, /tenants\[0\]\.id: must be lowercase/);
    assert.match(text, /tenants\[0\]\.weight: /);
    assert.match(text, /tenants\[1\]\.limits: .*text_per_minute/);
    assert.match(text, /tenants\[1\]\.api_keys\[0\]\.hash: must be "sha256:"/);
    assert.match(text, /tenants\[2\]\.id: duplicates tenants\[1\]\.id "b"/);
    assert.doesNotMatch(text, /secret/);
  });

  it('reports YAML syntax errors and a missing tenants list', () => {
    assert.match(issuesOf('tenants: [').join(), /syntax/);
    assert.match(issuesOf('{}').join(), /tenants: /);
  });
});
