import { Metadata, status } from '@grpc/grpc-js';
import { ApiError } from '@sieve/api';
import {
  AuthenticationError,
  presentedApiKey,
  remainingHeaderName,
  tenantAllowsModel,
  type Admission,
  type AdmitRequest,
  type QuotaLease,
  type QuotaLedger,
  type QuotaRemaining,
  type TenantSpec,
  type TenantStore,
  type BufferedUsageRecorder,
  type UsageRecord,
} from '@sieve/tenancy';
import type { Logger } from 'pino';
import { ExhaustedQuotaWindows } from './exhausted-quota-windows.ts';
import { credentialHeadersOf } from './repeated-credential-headers.ts';
import { apiErrorOf } from './error-status.ts';

/** The tenant every caller is when no tenants are configured (single-tenant use on localhost). */
export const OPEN_TENANT: TenantSpec = {
  id: 'default',
  displayName: 'default (no tenants configured)',
  allowedModels: [],
  limits: {},
  weight: 1,
  defaultPriority: 'normal',
  disabled: false,
  disableResponseCache: false,
};

export interface Admitted {
  leases: QuotaLease[];
  /** `x-ratelimit-remaining-*` headers for the response. */
  metadata: Metadata;
}

/**
 * Who is calling and what they may do: authenticates the API key in the call's metadata, checks the model is allowed,
 * admits the texts against the tenant's quotas (across all gateways, in Redis) and records usage. Turns tenancy
 * failures into the gRPC statuses callers expect; never echoes a key.
 */
export class TenantGate {
  private readonly authenticated = new WeakMap<Metadata, TenantSpec>();
  private readonly exhausted = new ExhaustedQuotaWindows();

  constructor(
    private readonly deps: {
      /** Absent: open mode, every caller is OPEN_TENANT. */
      store?: TenantStore;
      /**
       * With a store, the tenant of calls that present no key at all (SIEVE_ALLOW_KEYLESS, for `pnpm start`'s local
       * cluster); a call that presents a key is still authenticated by it. Absent: keyless calls are refused.
       */
      keylessTenant?: TenantSpec;
      ledger: QuotaLedger;
      /** Sums usage and writes it in the background (errors are its own to report). */
      usage: Pick<BufferedUsageRecorder, 'record'>;
      log: Logger;
      /** Counts quota rejections by tenant and limit. */
      onRejected?: (tenant: string, limit: string) => void;
    },
  ) {}

  get open(): boolean {
    return this.deps.store === undefined;
  }

  /**
   * The tenant a call's key belongs to. The admission interceptor asks first, before the call's body is read; the
   * handler's question about the same call (the same Metadata object, which grpc-js hands on) is answered from that,
   * so a call is authenticated once. Keyed by the object, never by anything a client sends.
   */
  async authenticate(metadata: Metadata): Promise<TenantSpec> {
    const store = this.deps.store;
    if (!store) return OPEN_TENANT;
    const known = this.authenticated.get(metadata);
    if (known) return known;
    try {
      const result = await store.authenticate(presentedApiKey(credentialHeadersOf(metadata)));
      if (result instanceof AuthenticationError) throw result;
      this.authenticated.set(metadata, result.tenant);
      return result.tenant;
    } catch (error) {
      // Only a call with no credential at all: a wrong, revoked or malformed key is refused, never served keyless.
      const keyless = this.deps.keylessTenant;
      if (keyless && error instanceof AuthenticationError && error.failure === 'missing') return keyless;
      throw this.toApiError(error);
    }
  }

  /**
   * The refusal an interactive call of this tenant gets whatever its body holds (a request window used up, as the
   * ledger last said here), counted as the ledger's refusals are; undefined when the call may go on to be read.
   */
  refusalBeforeRead(tenant: TenantSpec): ApiError | undefined {
    const refused = this.exhausted.refusal(tenant, Date.now());
    if (!refused) return undefined;
    this.deps.onRejected?.(tenant.id, refused.error.limit);
    this.record({ tenantId: tenant.id, model: refused.model, rejections: { [refused.error.reason]: 1 } });
    return this.toApiError(refused.error);
  }

  authorizeModel(tenant: TenantSpec, modelName: string): void {
    if (!tenantAllowsModel(tenant, modelName)) {
      throw ApiError.withReason(
        status.PERMISSION_DENIED,
        'MODEL_NOT_ALLOWED',
        `tenant "${tenant.id}" may not use model "${modelName}"`,
      );
    }
  }

  async admit(
    tenant: TenantSpec,
    model: string,
    texts: number,
    deadline: number,
    tokens = 0,
  ): Promise<Admitted> {
    const admission = await this.admitOrThrow(tenant, model, {
      texts,
      tokens,
      kind: 'call',
      leaseTtlMs: Math.max(10_000, deadline - Date.now() + 10_000),
    });
    return { leases: admission.leases, metadata: remainingMetadata(admission.remaining) };
  }

  /**
   * Admits a batch job of `texts` (max batch size, concurrent batches, texts per day). The concurrent-batch lease
   * lasts `leaseTtlMs` unless the batch's end frees it first; its location is returned for the batch record.
   */
  async admitBatch(
    tenant: TenantSpec,
    model: string,
    texts: number,
    leaseTtlMs: number,
  ): Promise<{ lease?: { key: string; member: string }; leases: QuotaLease[]; metadata: Metadata }> {
    const admission = await this.admitOrThrow(tenant, model, { texts, kind: 'batch', leaseTtlMs });
    const batchLease = admission.leases.find((lease) => lease.limit === 'max-concurrent-batches');
    return {
      ...(batchLease ? { lease: this.deps.ledger.leaseLocation(batchLease) } : {}),
      leases: admission.leases,
      metadata: remainingMetadata(admission.remaining),
    };
  }

  /** The ledger's admission, or the rejection as an ApiError (counted and recorded as usage). */
  private async admitOrThrow(
    tenant: TenantSpec,
    model: string,
    demand: Omit<AdmitRequest, 'tenant'>,
  ): Promise<Extract<Admission, { admitted: true }>> {
    const admission = await this.deps.ledger.admit({ tenant, ...demand }).catch((error: unknown) => {
      throw this.toApiError(error);
    });
    if (!admission.admitted) {
      this.exhausted.remember(admission.error, model, Date.now());
      this.deps.onRejected?.(tenant.id, admission.error.limit);
      this.record({ tenantId: tenant.id, model, rejections: { [admission.error.reason]: 1 } });
      throw this.toApiError(admission.error);
    }
    return admission;
  }

  release(leases: QuotaLease[]): void {
    for (const lease of leases) {
      this.deps.ledger
        .release(lease)
        .catch((error: unknown) => this.deps.log.warn({ err: error }, 'lease release failed'));
    }
  }

  /** Usage is recorded off the answer path: summed here, written every few moments, never failing the caller. */
  record(entry: UsageRecord): void {
    this.deps.usage.record(entry);
  }

  /** Tenancy's errors as the caller reads them (the one table, at the edge); anything else is the quota backend's. */
  private toApiError(error: unknown): ApiError {
    return apiErrorOf(error, (unknown) => {
      this.deps.log.error({ err: unknown }, 'tenancy failure');
      return ApiError.withReason(status.UNAVAILABLE, 'BACKEND_UNAVAILABLE', 'quota backend unavailable', {
        retryDelayMs: 1000,
      });
    });
  }
}

function remainingMetadata(remaining: readonly QuotaRemaining[]): Metadata {
  const metadata = new Metadata();
  for (const entry of remaining) metadata.set(remainingHeaderName(entry.limit), String(entry.remaining));
  return metadata;
}
