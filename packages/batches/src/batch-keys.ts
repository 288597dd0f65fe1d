/**
 * Redis keys of batch jobs. All of them carry the queue prefix's `{hash-tag}`, so one Lua script may touch a batch's
 * record, items, results and its tenant's index together, also on Redis Cluster.
 */
export interface BatchKeys {
  /** Hash: the batch record (state, counts, times, options). */
  record(batchId: string): string;
  /** Hash: chunk index -> the chunk's items (JSON), deleted chunk by chunk as results replace them. */
  items(batchId: string): string;
  /** Hash: chunk index -> the chunk's results (JSON), written once per chunk. */
  results(batchId: string): string;
  /** String: the batch id a tenant's idempotency key created. */
  idempotency(tenant: string, key: string): string;
  /** Sorted set: a tenant's batch ids by creation time (List reads it newest first). */
  tenantIndex(tenant: string): string;
  /** Sorted set: every tenant's batch ids by creation time (the Admin API lists across tenants from it). */
  allIndex: string;
}

export function batchKeys(prefix: string): BatchKeys {
  return {
    record: (id) => `${prefix}:batch:${id}`,
    items: (id) => `${prefix}:batch:${id}:items`,
    results: (id) => `${prefix}:batch:${id}:results`,
    // The key is the client's free text: keep it out of the key's structure.
    idempotency: (tenant, key) => `${prefix}:batch-idem:${tenant}:${Buffer.from(key).toString('base64url')}`,
    // Not `${prefix}:batches:<tenant>`: BullMQ's queue "batches" owns that namespace (wait, active, meta, events,
    // completed...), and a tenant named like one of its keys would write into the queue every tenant's batches use.
    tenantIndex: (tenant) => `${prefix}:batch-index:${tenant}`,
    // Tenant ids never hold '-all' after 'batch-index' with no ':' between, so no tenant's index can be this key.
    allIndex: `${prefix}:batch-index-all`,
  };
}
