import { ApiError } from '@sieve/api';
import type { BatchStore } from '@sieve/batches';
import type { BufferedUsageRecorder, TenantStore, UsageLedger } from '@sieve/tenancy';
import type { Logger } from 'pino';
import { adminPageSize, pageSizeViolation } from './admin-page-size.ts';
import {
  durationMs,
  fromTimestamp,
  keyMessage,
  tenantChanges,
  tenantMessage,
  usageBucketMessage,
  type TenantMessage,
  type Timestamp,
} from './tenant-messages.ts';

export interface TenantAdminDeps {
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
  log: Logger;
}

/** What each Admin call does to the tenant store and usage ledger, message in, message out (errors thrown). */
export class TenantAdmin {
  constructor(private readonly deps: TenantAdminDeps) {}

  async createTenant(request: { tenant?: TenantMessage | null }) {
    if (!request.tenant?.id)
      throw ApiError.invalidArgument([{ field: 'tenant.id', description: 'required' }]);
    const tenant = await this.deps.store.createTenant({
      id: request.tenant.id,
      ...tenantChanges(request.tenant, undefined),
    });
    return { tenant: tenantMessage({ tenant }) };
  }

  async getTenant(request: { id: string }) {
    return { tenant: tenantMessage(await this.deps.store.getTenant(request.id)) };
  }

  /** Tenants in id order, a page at a time; a bad page_token is the store's TenantPageTokenError. */
  async listTenants(request: { pageSize: number; pageToken: string }) {
    const badSize = pageSizeViolation(request.pageSize);
    if (badSize) throw ApiError.invalidArgument([badSize]);
    const page = await this.deps.store.listTenants({
      pageSize: adminPageSize(request.pageSize),
      ...(request.pageToken ? { pageToken: request.pageToken } : {}),
    });
    return { tenants: page.tenants.map(tenantMessage), nextPageToken: page.nextPageToken };
  }

  async updateTenant(request: { tenant?: TenantMessage | null; updateMask?: { paths?: string[] } | null }) {
    const { store } = this.deps;
    if (!request.tenant?.id)
      throw ApiError.invalidArgument([{ field: 'tenant.id', description: 'required' }]);
    const paths = request.updateMask?.paths;
    const changes = tenantChanges(request.tenant, paths);
    // A mask of single limits ("limits.texts_per_minute") changes those and keeps the tenant's other limits; the
    // store replaces `limits` whole, which is what the mask "limits" (or none) asks for.
    if (changes.limits && paths?.some((path) => path.startsWith('limits.')) && !paths.includes('limits')) {
      const { tenant: current } = await store.getTenant(request.tenant.id);
      changes.limits = { ...current.limits, ...changes.limits };
    }
    const tenant = await store.updateTenant(request.tenant.id, changes);
    return { tenant: tenantMessage({ tenant }) };
  }

  async deleteTenant(request: { id: string }) {
    await this.deps.store.getTenant(request.id);
    await this.purgeData(request.id);
    await this.deps.store.deleteTenant(request.id);
    return {};
  }

  async purgeTenantData(request: { tenantId: string }) {
    await this.deps.store.getTenant(request.tenantId);
    return { deletedKeys: await this.purgeData(request.tenantId) };
  }

  async issueKey(request: { tenantId: string; name: string; ttl?: Timestamp }) {
    const ttlMs = durationMs(request.ttl);
    const issued = await this.deps.store.issueKey({
      tenantId: request.tenantId,
      name: request.name,
      ...(ttlMs ? { ttlMs } : {}),
    });
    return { key: keyMessage(issued.key), secret: issued.secret };
  }

  async rotateKey(request: { tenantId: string; keyId: string; gracePeriod?: Timestamp }) {
    const graceMs = durationMs(request.gracePeriod);
    const rotated = await this.deps.store.rotateKey({
      tenantId: request.tenantId,
      keyId: request.keyId,
      ...(graceMs ? { graceMs } : {}),
    });
    return { oldKey: keyMessage(rotated.oldKey), newKey: keyMessage(rotated.newKey), secret: rotated.secret };
  }

  async revokeKey(request: { tenantId: string; keyId: string }) {
    const { tenantId, keyId } = request;
    return { key: keyMessage(await this.deps.store.revokeKey({ tenantId, keyId })) };
  }

  async listKeys(request: { tenantId: string }) {
    await this.deps.store.getTenant(request.tenantId);
    return { keys: (await this.deps.store.listKeys(request.tenantId)).map(keyMessage) };
  }

  async getUsage(request: {
    tenantId: string;
    model: string;
    startTime?: Timestamp;
    endTime?: Timestamp;
    granularity: string;
  }) {
    await this.deps.store.getTenant(request.tenantId);
    // Other gateways' sums arrive within their flush interval; this one's are written now. A failed write is
    // kept for later and the read goes on (it fails by itself if Redis is gone).
    await this.writeUsage();
    const since = fromTimestamp(request.startTime) ?? new Date(Date.now() - 24 * 3_600_000);
    const until = fromTimestamp(request.endTime);
    const buckets = await this.deps.usage.read({
      tenantId: request.tenantId,
      ...(request.model ? { model: request.model } : {}),
      since,
      ...(until ? { until } : {}),
      granularity: request.granularity === 'USAGE_GRANULARITY_DAY' ? 'day' : 'hour',
    });
    return { tenantId: request.tenantId, buckets: buckets.map(usageBucketMessage) };
  }

  private writeUsage() {
    return this.deps.usageRecorder
      ?.flush()
      .catch((error: unknown) => this.deps.log.warn({ err: error }, 'usage sums not written yet'));
  }

  /** This gateway's unwritten usage sums go first, so that they are purged rather than written after the purge. */
  private async purgeData(tenantId: string): Promise<number> {
    const { usage, batches, heads, responses } = this.deps;
    await this.writeUsage();
    return (
      (await usage.purgeTenant(tenantId)) +
      (await batches.purgeTenant(tenantId)) +
      ((await heads?.purgeTenant(tenantId)) ?? 0) +
      ((await responses?.purgeTenant(tenantId)) ?? 0)
    );
  }
}
