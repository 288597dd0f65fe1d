import { status } from '@grpc/grpc-js';
import { ApiError } from '@sieve/api';
import { headModelName, parseHeadModelName, type HeadRecord, type HeadStore } from '@sieve/heads';
import type { TenantSpec } from '@sieve/tenancy';
import type { CatalogEntry, ModelCatalog } from '../models/model-catalog.ts';
import type { Logger } from 'pino';
import { backendUnavailable } from '../edge/backend-unavailable.ts';
import { modelNotFound } from '../inference/request-validation.ts';
import type { ResolvedHead } from './resolved-head.ts';

/** A head and the served base model it runs on, whatever its state (Models.Get, Heads.Get). */
export interface DescribedHead {
  record: HeadRecord;
  /** Absent when no worker serves the backbone the head was trained on. */
  base: CatalogEntry | undefined;
}

/** How long a tenant's head records are reused: a new or deleted head is seen this late on other gateways. */
const RECORDS_TTL_MS = 1000;

/**
 * Resolves `MODEL+HEAD[@VERSION]` for a tenant: the head in the tenant's own heads (another tenant's is NOT_FOUND,
 * exactly like one that does not exist), then the base model in the catalog. A head serves only on the backbone
 * it was trained on: a bare model name picks the served version with the head's base digest; a named version or
 * digest that differs answers FAILED_PRECONDITION naming both. Without a version, the newest READY version serves.
 */
export class HeadResolver {
  private readonly cached = new Map<string, { at: number; records: Promise<HeadRecord[]> }>();

  constructor(
    private readonly deps: {
      store: HeadStore;
      catalog: ModelCatalog;
      /** Where a Redis error goes instead of to the caller. */
      log?: Logger;
    },
  ) {}

  /** For serving: undefined when `model` names no head; otherwise a READY head on its own backbone, or an error. */
  async resolve(tenant: TenantSpec, model: string, field = 'model'): Promise<ResolvedHead | undefined> {
    const parsed = parseHeadModelName(model);
    if (!parsed) return undefined;
    if ('problem' in parsed) throw ApiError.invalidArgument([{ field, description: parsed.problem }]);
    const baseName = nameOf(parsed.base);
    const versions = (await this.records(tenant.id)).filter(
      (record) => record.baseModel === baseName && record.name === parsed.head,
    );
    const wanted =
      parsed.version === undefined
        ? versions
        : versions.filter((record) => record.version === parsed.version);
    if (wanted.length === 0) throw headNotFound(model);
    const record = wanted.find((candidate) => candidate.state === 'ready');
    if (!record) {
      const latest = wanted[0]!;
      throw ApiError.withReason(
        status.FAILED_PRECONDITION,
        'HEAD_NOT_READY',
        latest.state === 'failed'
          ? `head ${describe(latest)} failed to train: ${latest.stateReason}`
          : `head ${describe(latest)} is still training; \`sieve heads status ${describe(latest)}\` follows it`,
      );
    }
    const base = this.baseOf(parsed.base, record);
    return {
      model: { ...base, labels: [...record.labels] },
      job: { id: record.id, name: record.name, version: record.version },
      record,
    };
  }

  /** Any state: the newest version, or the one named. NOT_FOUND when the tenant has no such head. */
  async describe(tenant: TenantSpec, model: string, field = 'name'): Promise<DescribedHead> {
    const parsed = parseHeadModelName(model);
    if (!parsed) throw headNotFound(model);
    if ('problem' in parsed) throw ApiError.invalidArgument([{ field, description: parsed.problem }]);
    const record = (await this.records(tenant.id)).find(
      (candidate) =>
        candidate.baseModel === nameOf(parsed.base) &&
        candidate.name === parsed.head &&
        (parsed.version === undefined || candidate.version === parsed.version),
    );
    if (!record) throw headNotFound(model);
    const base = this.deps.catalog
      .list()
      .find((entry) => entry.name === record.baseModel && entry.digest === record.baseDigest);
    return { record, base };
  }

  /** A gateway's own Train or Delete is visible to its next call at once. */
  forget(tenant: string): void {
    this.cached.delete(tenant);
  }

  private baseOf(requested: string, record: HeadRecord): CatalogEntry {
    const { catalog } = this.deps;
    if (!requested.includes('@')) {
      const trainedOn = catalog
        .list()
        .find((entry) => entry.name === record.baseModel && entry.digest === record.baseDigest);
      if (trainedOn) return trainedOn;
    }
    const served = catalog.resolve(requested);
    if (!served) throw modelNotFound(requested, catalog);
    if (served.digest !== record.baseDigest) {
      throw ApiError.withReason(
        status.FAILED_PRECONDITION,
        'HEAD_BASE_CHANGED',
        `head ${describe(record)} was trained on ${record.baseModel}@${record.baseVersion} (${record.baseDigest}), ` +
          `but ${requested} is ${served.ref} (${served.digest}); serve that backbone again or train the head on ${served.ref}`,
      );
    }
    return served;
  }

  private records(tenant: string): Promise<HeadRecord[]> {
    const now = Date.now();
    const hit = this.cached.get(tenant);
    if (hit && now - hit.at < RECORDS_TTL_MS) return hit.records;
    const records = this.deps.store.list(tenant).catch((error: unknown) => {
      this.cached.delete(tenant);
      throw backendUnavailable(this.deps.log, error, 'heads cannot be read right now');
    });
    this.cached.set(tenant, { at: now, records });
    return records;
  }
}

const nameOf = (model: string) => (model.includes('@') ? model.slice(0, model.indexOf('@')) : model);

const describe = (record: HeadRecord) => headModelName(record.baseModel, record.name, record.version);

export function headNotFound(model: string): ApiError {
  return ApiError.withReason(status.NOT_FOUND, 'HEAD_NOT_FOUND', `no head "${model}"`, {
    resourceInfo: { resourceType: 'sieve.v1.Head', resourceName: model },
  });
}
