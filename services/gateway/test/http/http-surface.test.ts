import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { surfaceRoutes } from '../../src/http/http-surface.ts';
import { RPC_ROUTES } from '../../src/http/route-table.ts';

const audiences = (routes: readonly { audience: string }[]) => new Set(routes.map((route) => route.audience));

describe('HTTP surfaces', () => {
  it('one listener serves every route, TEI and the console', () => {
    const all = surfaceRoutes('all', RPC_ROUTES);
    assert.equal(all.rpc.length, RPC_ROUTES.length);
    assert.deepEqual([...all.tei].sort(), ['/health', '/info', '/predict']);
    assert.equal(all.console, true);
  });

  it('the tenant listener beside an admin one serves no admin route and no console', () => {
    const tenant = surfaceRoutes('tenant', RPC_ROUTES);
    assert.deepEqual([...audiences(tenant.rpc)].sort(), ['public', 'tenant']);
    assert.equal(tenant.console, false);
    assert.deepEqual([...tenant.tei].sort(), ['/health', '/info', '/predict']);
  });

  it('the admin listener serves the admin routes, the console and what it reads, never a tenant route', () => {
    const admin = surfaceRoutes('admin', RPC_ROUTES);
    assert.deepEqual([...audiences(admin.rpc)].sort(), ['admin', 'public']);
    assert.ok(
      admin.rpc.some((route) => route.path === '/v1/models'),
      'the console lists models',
    );
    assert.equal(admin.console, true);
    assert.deepEqual([...admin.tei], ['/health']);
  });
});
