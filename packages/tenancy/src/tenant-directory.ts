import { readFile } from 'node:fs/promises';
import { parseTenantFile } from './tenant-file-schema.ts';
import type { ApiKeyRecord, TenantSpec } from './tenant-spec.ts';

/**
 * The tenants and keys of one version of the tenants file, immutable and indexed for lookups. A reload builds a new
 * directory and swaps it in whole, so a request never sees half of an edit.
 */
export class TenantDirectory {
  private readonly tenantsById: ReadonlyMap<string, TenantSpec>;
  private readonly keysById: ReadonlyMap<string, ApiKeyRecord>;
  private readonly keysByHash: ReadonlyMap<string, ApiKeyRecord>;

  constructor(tenants: readonly TenantSpec[] = [], keys: readonly ApiKeyRecord[] = []) {
    this.tenantsById = new Map(tenants.map((tenant) => [tenant.id, tenant]));
    this.keysById = new Map(keys.map((key) => [key.id, key]));
    this.keysByHash = new Map(keys.map((key) => [key.hash, key]));
  }

  static empty(): TenantDirectory {
    return new TenantDirectory();
  }

  static parse(text: string, file: string): TenantDirectory {
    const { tenants, keys } = parseTenantFile(text, file);
    return new TenantDirectory(tenants, keys);
  }

  static async load(file: string): Promise<TenantDirectory> {
    return TenantDirectory.parse(await readFile(file, 'utf8'), file);
  }

  tenant(id: string): TenantSpec | undefined {
    return this.tenantsById.get(id);
  }

  tenants(): TenantSpec[] {
    return [...this.tenantsById.values()];
  }

  has(id: string): boolean {
    return this.tenantsById.has(id);
  }

  /** Keys of one tenant only. */
  keysOf(tenantId: string): ApiKeyRecord[] {
    return [...this.keysById.values()].filter((key) => key.tenantId === tenantId);
  }

  keyById(keyId: string): ApiKeyRecord | undefined {
    return this.keysById.get(keyId);
  }

  /** For opaque keys and file entries without an id; the caller still verifies in constant time. */
  keyByHash(hash: string): ApiKeyRecord | undefined {
    return this.keysByHash.get(hash);
  }
}
