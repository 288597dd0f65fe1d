import type { RpcRoute } from './route-table.ts';

/**
 * What one HTTP listener serves. `all`: everything, as one listener does when the admin plane has no port of its own
 * (no SIEVE_ADMIN_HTTP_ADDRESS). `tenant`: the tenants' routes, TEI's and the public ones, never the Admin API or the
 * console, so that the Ingress in front of it cannot reach them. `admin`: the Admin API, the console and what the
 * console reads (the public Models routes, TEI's /health probe), never a route that takes a tenant key.
 */
export type HttpSurface = 'all' | 'tenant' | 'admin';

export type TeiPath = '/predict' | '/info' | '/health';

/** What a listener of one surface answers; every other path is a 404 like any unknown one. */
export interface SurfaceRoutes {
  rpc: readonly RpcRoute[];
  tei: ReadonlySet<TeiPath>;
  /** The console at /console/, where it is enabled. */
  console: boolean;
}

export function surfaceRoutes(surface: HttpSurface, routes: readonly RpcRoute[]): SurfaceRoutes {
  if (surface === 'all') {
    return { rpc: routes, tei: new Set(['/predict', '/info', '/health']), console: true };
  }
  if (surface === 'tenant') {
    return {
      rpc: routes.filter((route) => route.audience !== 'admin'),
      tei: new Set(['/predict', '/info', '/health']),
      console: false,
    };
  }
  return {
    rpc: routes.filter((route) => route.audience !== 'tenant'),
    // The console's Health view shows the serving probe.
    tei: new Set(['/health']),
    console: true,
  };
}
