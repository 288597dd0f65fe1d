/**
 * Enough of a BoundedTenantStore (@sieve/queue) for the caches built on it: one map per tenant, read, write and
 * purge, without the bounds, TTLs and Redis (BoundedTenantStore's own tests cover those). Typed by its shape, so
 * that @sieve/testing need not depend on @sieve/queue, whose tests use it.
 */
export class MemoryTenantStore {
  readonly tenants = new Map<string, Map<string, string>>();

  private of(tenant: string): Map<string, string> {
    let entries = this.tenants.get(tenant);
    if (!entries) this.tenants.set(tenant, (entries = new Map()));
    return entries;
  }

  /** The values of `fields` (undefined where missing), in order. */
  async read(tenant: string, fields: readonly string[]): Promise<Array<string | undefined>> {
    return fields.map((field) => this.of(tenant).get(field));
  }

  async write(
    tenant: string,
    entries: ReadonlyArray<readonly [field: string, value: string]>,
  ): Promise<{ skipped: false; written: number; evicted: number; entries: number; bytes: number }> {
    for (const [field, value] of entries) this.of(tenant).set(field, value);
    return { skipped: false, written: entries.length, evicted: 0, entries: this.of(tenant).size, bytes: 0 };
  }

  /** Deletes the tenant's entries; answers how many there were. */
  async purge(tenant: string): Promise<number> {
    const count = this.tenants.get(tenant)?.size ?? 0;
    this.tenants.delete(tenant);
    return count;
  }
}
