/**
 * A tenant as the rest of sieve sees it, whether it came from the tenants file or from the Admin API (Redis).
 * Mirrors sieve.v1.Tenant / TenantLimits / ApiKey in camelCase; an unset limit means no limit of that kind.
 */
export interface TenantLimits {
  requestsPerSecond?: number;
  requestsPerMinute?: number;
  textsPerMinute?: number;
  /** Counted with the model's tokenizer, special tokens included. */
  tokensPerMinute?: number;
  /** Texts accepted but not yet answered. */
  maxConcurrentTexts?: number;
  /** UTC calendar day. */
  textsPerDay?: number;
  maxTextsPerCall?: number;
  maxBatchTexts?: number;
  maxConcurrentBatches?: number;
}

export const TENANT_PRIORITIES = ['high', 'normal', 'low'] as const;
export type TenantPriority = (typeof TENANT_PRIORITIES)[number];

/** Lowercase letters, digits and '-', 1 to 63 characters (a DNS label, so it is safe in Redis keys and globs). */
export const TENANT_ID_PATTERN = /^[a-z0-9-]{1,63}$/;

/** Where a tenant is defined: file tenants are read-only through the Admin API. */
export type TenantSource = 'file' | 'store';

/** An API key at rest: only the hash of the key is kept, never the key itself. */
export interface ApiKeyRecord {
  /** Public id (the visible part of the key). File keys without an id get `file-<first 12 hex of hash>`. */
  id: string;
  tenantId: string;
  name: string;
  /** `sha256:<64 lowercase hex>` of the whole key string as sent by clients. */
  hash: string;
  createTime?: Date;
  /** The key stops working at this time (rotation grace or explicit expiry). */
  expireTime?: Date;
  revoked: boolean;
  lastUsedTime?: Date;
}

export interface TenantSpec {
  id: string;
  displayName: string;
  /** Model names (without version) the tenant may call; empty allows every model. */
  allowedModels: string[];
  limits: TenantLimits;
  /** Share of capacity relative to other tenants of the same priority class; at least 1. */
  weight: number;
  defaultPriority: TenantPriority;
  disabled: boolean;
  disableResponseCache: boolean;
  createTime?: Date;
  updateTime?: Date;
}

/** A tenant together with where it came from. */
export interface TenantEntry {
  tenant: TenantSpec;
  source: TenantSource;
}

/** True when the tenant may call `model` (a name without version). */
export function tenantAllowsModel(tenant: TenantSpec, model: string): boolean {
  return tenant.allowedModels.length === 0 || tenant.allowedModels.includes(model);
}
