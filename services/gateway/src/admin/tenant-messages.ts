import { ApiError } from '@sieve/api';
import type { ApiKeyRecord, TenantEntry, TenantInput, TenantLimits, UsageBucket } from '@sieve/tenancy';

// Proto <-> tenancy conversions. Timestamps and durations are google.protobuf messages on the wire.
export type Timestamp = { seconds?: number | string; nanos?: number } | null | undefined;
export const toTimestamp = (date: Date | undefined) =>
  date ? { seconds: Math.floor(date.getTime() / 1000), nanos: (date.getTime() % 1000) * 1e6 } : null;
export const fromTimestamp = (ts: Timestamp): Date | undefined =>
  ts ? new Date(Number(ts.seconds ?? 0) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6)) : undefined;
export const durationMs = (d: Timestamp): number | undefined =>
  d ? Number(d.seconds ?? 0) * 1000 + Math.floor((d.nanos ?? 0) / 1e6) : undefined;
const PRIORITY_NAMES = { high: 'PRIORITY_HIGH', normal: 'PRIORITY_NORMAL', low: 'PRIORITY_LOW' } as const;
const PRIORITY_FROM: Record<string, TenantInput['defaultPriority']> = {
  PRIORITY_HIGH: 'high',
  PRIORITY_NORMAL: 'normal',
  PRIORITY_LOW: 'low',
};
const LIMIT_FIELDS: Array<keyof TenantLimits> = [
  'requestsPerSecond',
  'requestsPerMinute',
  'textsPerMinute',
  'tokensPerMinute',
  'maxConcurrentTexts',
  'textsPerDay',
  'maxTextsPerCall',
  'maxBatchTexts',
  'maxConcurrentBatches',
];

export function tenantMessage({ tenant }: TenantEntry | { tenant: TenantEntry['tenant'] }) {
  return {
    id: tenant.id,
    displayName: tenant.displayName,
    allowedModels: tenant.allowedModels,
    limits: tenant.limits,
    weight: tenant.weight,
    defaultPriority: PRIORITY_NAMES[tenant.defaultPriority],
    disabled: tenant.disabled,
    disableResponseCache: tenant.disableResponseCache,
    createTime: toTimestamp(tenant.createTime),
    updateTime: toTimestamp(tenant.updateTime),
  };
}

export function keyMessage(key: ApiKeyRecord) {
  return {
    id: key.id,
    tenantId: key.tenantId,
    name: key.name,
    createTime: toTimestamp(key.createTime),
    expireTime: toTimestamp(key.expireTime),
    revoked: key.revoked,
    lastUsedTime: toTimestamp(key.lastUsedTime),
  };
}

export interface TenantMessage {
  id: string;
  displayName?: string;
  allowedModels?: string[];
  limits?: Record<string, number | string | undefined> | null;
  weight?: number;
  defaultPriority?: string;
  disabled?: boolean;
  disableResponseCache?: boolean;
}

/** The fields of a Tenant message as TenantInput changes; with a mask, only the named fields. */
export function tenantChanges(message: TenantMessage, mask: string[] | undefined): Omit<TenantInput, 'id'> {
  const limits: TenantLimits = {};
  for (const field of LIMIT_FIELDS) {
    const value = message.limits?.[field];
    if (value !== undefined && value !== null) limits[field] = Number(value);
  }
  const all: Omit<TenantInput, 'id'> = {
    displayName: message.displayName ?? '',
    allowedModels: message.allowedModels ?? [],
    limits,
    weight: message.weight || 1,
    defaultPriority: PRIORITY_FROM[message.defaultPriority ?? ''] ?? 'normal',
    disabled: message.disabled ?? false,
    disableResponseCache: message.disableResponseCache ?? false,
  };
  if (!mask || mask.length === 0) return all;
  const changes: Omit<TenantInput, 'id'> = {};
  const camel = (path: string) => path.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  for (const path of mask.map(camel)) {
    if (path === 'limits') changes.limits = limits;
    else if (path.startsWith('limits.'))
      changes.limits = { ...changes.limits, [path.slice(7)]: limits[path.slice(7) as keyof TenantLimits] };
    else if (path in all) (changes as Record<string, unknown>)[path] = (all as Record<string, unknown>)[path];
    else throw ApiError.invalidArgument([{ field: 'update_mask', description: `unknown field "${path}"` }]);
  }
  return changes;
}

/** One bucket of a tenant's usage as the UsageBucket message. */
export function usageBucketMessage(bucket: UsageBucket) {
  return {
    startTime: toTimestamp(bucket.start),
    model: bucket.model,
    requests: bucket.requests,
    texts: bucket.texts,
    tokens: bucket.tokens,
    inferenceTime: {
      seconds: Math.floor(bucket.inferenceMs / 1000),
      nanos: Math.round((bucket.inferenceMs % 1000) * 1e6),
    },
    rejections: bucket.rejections,
    batchTexts: bucket.batchTexts,
    cachedTexts: bucket.cachedTexts,
  };
}
