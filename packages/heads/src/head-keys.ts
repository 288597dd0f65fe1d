/**
 * Redis keys of heads. Every one carries the queue prefix's `{hash-tag}`, so a Lua script may touch a tenant's head
 * records, version counters, idempotency keys and a head's weights and examples together, also on Redis Cluster.
 */
export interface HeadKeys {
  /** Hash: head id -> record (JSON), every version of every head of one tenant. */
  records(tenant: string): string;
  /** Hash: "base/name" -> the last version number given out (versions only grow, even after a delete). */
  versions(tenant: string): string;
  /** String: a head version's weights (JSON). */
  weights(tenant: string, id: string): string;
  /** List: examples staged for training (JSON chunks), deleted once trained. */
  examples(id: string): string;
  /** String: the head id a tenant's idempotency key created. */
  idempotency(tenant: string, key: string): string;
}

export function headKeys(prefix: string): HeadKeys {
  return {
    records: (tenant) => `${prefix}:heads:${tenant}`,
    versions: (tenant) => `${prefix}:head-versions:${tenant}`,
    weights: (tenant, id) => `${prefix}:head-weights:${tenant}:${id}`,
    examples: (id) => `${prefix}:head-examples:${id}`,
    // The key is the client's free text: keep it out of the key's structure.
    idempotency: (tenant, key) => `${prefix}:head-idem:${tenant}:${Buffer.from(key).toString('base64url')}`,
  };
}
