import { type Metadata, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { ApiError, type AdminHandlers } from '@sieve/api';
import {
  type ApiKeyRecord,
  type TenantEntry,
  type TenantInput,
  type TenantLimits,
  type TenantStore,
  type BufferedUsageRecorder,
  type UsageLedger,
} from '@sieve/tenancy';
import type { BatchStore } from '@sieve/batches';
import type { Logger } from 'pino';
import { AdminCredential } from './admin-credential.ts';
import { apiErrorOf, grpcStatusOf, internalError } from '../edge/error-status.ts';

// Proto <-> tenancy conversions. Timestamps and durations are google.protobuf messages on the wire.
type Timestamp = { seconds?: number | string; nanos?: number } | null | undefined;
const toTimestamp = (date: Date | undefined) =>
  date ? { seconds: Math.floor(date.getTime() / 1000), nanos: (date.getTime() % 1000) * 1e6 } : null;
const fromTimestamp = (ts: Timestamp): Date | undefined =>
  ts ? new Date(Number(ts.seconds ?? 0) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6)) : undefined;
const durationMs = (d: Timestamp): number | undefined =>
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

function tenantMessage({ tenant }: TenantEntry | { tenant: TenantEntry['tenant'] }) {
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

function keyMessage(key: ApiKeyRecord) {
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

interface TenantMessage {
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
function tenantChanges(message: TenantMessage, mask: string[] | undefined): Omit<TenantInput, 'id'> {
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

/**
 * The Admin API over the tenant store and usage ledger, behind the admin credential (never a tenant key). Only
 * present when tenants are configured; errors name the tenant or key at fault.
 */
export function adminService(deps: {
  store: TenantStore;
  usage: UsageLedger;
  /** This gateway's usage not yet written: flushed before a read, so a caller reads its own calls back. */
  usageRecorder?: Pick<BufferedUsageRecorder, 'flush'>;
  /** A tenant's batch jobs are its data too: purged with the rest. */
  batches: Pick<BatchStore, 'purgeTenant'>;
  /** So are its heads (records, weights, staged examples). */
  heads?: { purgeTenant(tenant: string): Promise<number> };
  /** And its cached answers. */
  responses?: { purgeTenant(tenant: string): Promise<number> };
  adminToken: string;
  log: Logger;
}): AdminHandlers {
  // The gateway's edge checks it before a message is read; checked again here so that no handler runs without it.
  const credential = new AdminCredential(deps.adminToken);
  const authorize = (metadata: Metadata) => credential.check(metadata);
  const unexpected = internalError(deps.log, 'admin call failed');
  const handle =
    <Req, Res>(run: (request: Req) => Promise<Res>) =>
    (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
      (async () => {
        authorize(call.metadata);
        return run(call.request);
      })().then(
        (response) => callback(null, response),
        (error: unknown) => callback(grpcStatusOf(apiErrorOf(error, unexpected))),
      );
    };
  const { store, usage } = deps;
  // This gateway's unwritten usage sums go first, so that they are purged rather than written after the purge.
  const writeUsage = () =>
    deps.usageRecorder
      ?.flush()
      .catch((error: unknown) => deps.log.warn({ err: error }, 'usage sums not written yet'));
  const purgeData = async (tenantId: string) => {
    await writeUsage();
    return (
      (await usage.purgeTenant(tenantId)) +
      (await deps.batches.purgeTenant(tenantId)) +
      ((await deps.heads?.purgeTenant(tenantId)) ?? 0) +
      ((await deps.responses?.purgeTenant(tenantId)) ?? 0)
    );
  };

  return {
    CreateTenant: handle(async (request: { tenant?: TenantMessage | null }) => {
      if (!request.tenant?.id)
        throw ApiError.invalidArgument([{ field: 'tenant.id', description: 'required' }]);
      const tenant = await store.createTenant({
        id: request.tenant.id,
        ...tenantChanges(request.tenant, undefined),
      });
      return { tenant: tenantMessage({ tenant }) };
    }),
    GetTenant: handle(async (request: { id: string }) => ({
      tenant: tenantMessage(await store.getTenant(request.id)),
    })),
    ListTenants: handle(async () => ({
      tenants: (await store.listTenants()).map(tenantMessage),
      nextPageToken: '',
    })),
    UpdateTenant: handle(
      async (request: { tenant?: TenantMessage | null; updateMask?: { paths?: string[] } | null }) => {
        if (!request.tenant?.id)
          throw ApiError.invalidArgument([{ field: 'tenant.id', description: 'required' }]);
        const paths = request.updateMask?.paths;
        const changes = tenantChanges(request.tenant, paths);
        // A mask of single limits ("limits.texts_per_minute") changes those and keeps the tenant's other limits; the
        // store replaces `limits` whole, which is what the mask "limits" (or none) asks for.
        if (
          changes.limits &&
          paths?.some((path) => path.startsWith('limits.')) &&
          !paths.includes('limits')
        ) {
          const { tenant: current } = await store.getTenant(request.tenant.id);
          changes.limits = { ...current.limits, ...changes.limits };
        }
        const tenant = await store.updateTenant(request.tenant.id, changes);
        return { tenant: tenantMessage({ tenant }) };
      },
    ),
    DeleteTenant: handle(async (request: { id: string }) => {
      await store.getTenant(request.id);
      await purgeData(request.id);
      await store.deleteTenant(request.id);
      return {};
    }),
    PurgeTenantData: handle(async (request: { tenantId: string }) => {
      await store.getTenant(request.tenantId);
      return { deletedKeys: await purgeData(request.tenantId) };
    }),
    IssueKey: handle(async (request: { tenantId: string; name: string; ttl?: Timestamp }) => {
      const ttlMs = durationMs(request.ttl);
      const issued = await store.issueKey({
        tenantId: request.tenantId,
        name: request.name,
        ...(ttlMs ? { ttlMs } : {}),
      });
      return { key: keyMessage(issued.key), secret: issued.secret };
    }),
    RotateKey: handle(async (request: { tenantId: string; keyId: string; gracePeriod?: Timestamp }) => {
      const graceMs = durationMs(request.gracePeriod);
      const rotated = await store.rotateKey({
        tenantId: request.tenantId,
        keyId: request.keyId,
        ...(graceMs ? { graceMs } : {}),
      });
      return {
        oldKey: keyMessage(rotated.oldKey),
        newKey: keyMessage(rotated.newKey),
        secret: rotated.secret,
      };
    }),
    RevokeKey: handle(async (request: { tenantId: string; keyId: string }) => ({
      key: keyMessage(await store.revokeKey({ tenantId: request.tenantId, keyId: request.keyId })),
    })),
    ListKeys: handle(async (request: { tenantId: string }) => {
      await store.getTenant(request.tenantId);
      return { keys: (await store.listKeys(request.tenantId)).map(keyMessage) };
    }),
    GetUsage: handle(
      async (request: {
        tenantId: string;
        model: string;
        startTime?: Timestamp;
        endTime?: Timestamp;
        granularity: string;
      }) => {
        await store.getTenant(request.tenantId);
        // Other gateways' sums arrive within their flush interval; this one's are written now. A failed write is
        // kept for later and the read goes on (it fails by itself if Redis is gone).
        await writeUsage();
        const since = fromTimestamp(request.startTime) ?? new Date(Date.now() - 24 * 3_600_000);
        const until = fromTimestamp(request.endTime);
        const buckets = await usage.read({
          tenantId: request.tenantId,
          ...(request.model ? { model: request.model } : {}),
          since,
          ...(until ? { until } : {}),
          granularity: request.granularity === 'USAGE_GRANULARITY_DAY' ? 'day' : 'hour',
        });
        return {
          tenantId: request.tenantId,
          buckets: buckets.map((bucket) => ({
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
          })),
        };
      },
    ),
  } as unknown as AdminHandlers;
}
