/**
 * Where this package's data lives in Redis. Everything is under `<prefix>:tenancy:` and the prefix must hold a
 * Redis Cluster `{hash-tag}`, so all keys share one slot and multi-key scripts and transactions work on a cluster.
 *
 * Definitions (tenants created through the Admin API, their keys) live under `def:`; a tenant's data (quota
 * counters, leases, usage) lives under `data:<tenantId>:`, so purging a tenant's data is one SCAN pattern that
 * cannot match another tenant (ids never contain ':') and leaves the tenant and its keys in place.
 */
export interface TenancyKeys {
  readonly prefix: string;
  /** Hash: tenant id -> stored tenant JSON. */
  readonly tenants: string;
  /** Sorted set of the stored tenants' ids (every score 0): pages of tenants in id order, read by ZRANGEBYLEX. */
  readonly tenantIds: string;
  /** Hash: key id -> stored key record JSON (the global key index: a presented key names only its id). */
  readonly apiKeys: string;
  /** Set of a tenant's key ids. */
  tenantKeyIds(tenantId: string): string;
  /** Root of a tenant's data; `tenantData(id) + '*'` matches all of it. */
  tenantData(tenantId: string): string;
  /** Prefix for rate-limiter-flexible counters (the limiter appends `:<key>`). */
  readonly rateLimiterPrefix: string;
  /** The key a rate limiter is consumed with: the limiter prefix plus this gives `data:<tenant>:rate:<name>...`. */
  rateLimiterKey(tenantId: string, limitName: string, window?: string): string;
  leases(tenantId: string, kind: string): string;
  usage(tenantId: string, granularity: string, bucketStart: string, model: string): string;
  /** SCAN pattern matching all of one tenant's data and nothing of any other tenant. */
  tenantDataPattern(tenantId: string): string;
}

export function tenancyKeys(prefix = '{sieve}'): TenancyKeys {
  if (!/\{[^{}]+\}/.test(prefix)) {
    throw new Error(
      `tenancy prefix "${prefix}" needs a {hash-tag} (e.g. "{sieve}") so that it works on Redis Cluster`,
    );
  }
  const root = `${prefix}:tenancy`;
  const data = (tenantId: string) => `${root}:data:${tenantId}:`;
  return {
    prefix,
    tenants: `${root}:def:tenants`,
    tenantIds: `${root}:def:tenant-ids`,
    apiKeys: `${root}:def:keys`,
    tenantKeyIds: (tenantId) => `${root}:def:tenant-keys:${tenantId}`,
    tenantData: data,
    rateLimiterPrefix: `${root}:data`,
    rateLimiterKey: (tenantId, limitName, window) =>
      `${tenantId}:rate:${limitName}${window ? `:${window}` : ''}`,
    leases: (tenantId, kind) => `${data(tenantId)}leases:${kind}`,
    // Model names may contain ':' or glob characters; encodeURIComponent keeps them from changing the key shape.
    usage: (tenantId, granularity, bucketStart, model) =>
      `${data(tenantId)}usage:${granularity}:${bucketStart}:${encodeURIComponent(model)}`,
    tenantDataPattern: (tenantId) => `${globEscape(data(tenantId))}*`,
  };
}

/** Escapes Redis glob metacharacters so that a prefix like `{sieve[1]}` matches literally in SCAN MATCH. */
export function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}
