import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { refusalOf } from '../src/api-refusal.ts';
import { ROUTES } from '../src/console-routes.ts';

describe('refusalOf', () => {
  it('says a refused token is not the admin token, and signs the console out', () => {
    const refused = refusalOf(401, { error: { code: 401, status: 'UNAUTHENTICATED', message: 'bad token' } });
    assert.ok(refused.signedOut);
    assert.match(refused.message, /refused this token \(401 UNAUTHENTICATED\)/);
    assert.match(refused.message, /a tenant API key is not accepted/);
    assert.ok(refusalOf(403, {}).signedOut);
  });

  it('names the status and the gateway message of other errors, and a missing route', () => {
    const failed = refusalOf(503, {
      error: { code: 503, status: 'UNAVAILABLE', message: 'Redis is unreachable' },
    });
    assert.equal(failed.message, '503 UNAVAILABLE: Redis is unreachable');
    assert.ok(!failed.signedOut);
    assert.match(refusalOf(404, {}).message, /does not serve that route/);
  });

  it('escapes ids in the paths it calls', () => {
    assert.equal(ROUTES.cancelBatch('a/b', 'c d'), '/v1/admin/tenants/a%2Fb/batches/c%20d:cancel');
  });
});
