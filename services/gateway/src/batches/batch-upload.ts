import { randomUUID } from 'node:crypto';
import { status, type Metadata } from '@grpc/grpc-js';
import { ApiError, type SubmitBatchRequest } from '@sieve/api';
import {
  ChunkAccumulator,
  ENDED_STATES,
  type BatchRecord,
  type BatchScheduler,
  type BatchStore,
} from '@sieve/batches';
import type { TenantSpec } from '@sieve/tenancy';
import type { Logger } from 'pino';
import { validateBatchItems, validateBatchSpec, type BatchLimits } from './batch-request-validation.ts';
import type { HeadResolver } from '../heads/head-resolution.ts';
import type { ModelCatalog } from '../models/model-catalog.ts';
import type { TenantGate } from '../edge/tenant-gate.ts';

export interface BatchUploadLimits extends BatchLimits {
  chunkTexts: number;
  maxBatchTexts: number;
  uploadIdleMs: number;
}

/** How long a batch holds its concurrent-batch slot at most if nobody ends it (a batch lost with all workers). */
const BATCH_LEASE_TTL_MS = 7 * 86_400_000;

export interface UploadOutcome {
  record: BatchRecord;
  existing: boolean;
  /** `x-ratelimit-remaining-*` of the batch quotas, when it was admitted now. */
  metadata?: Metadata;
}

/**
 * One Batches.Submit stream: the spec, then items staged in Redis chunk by chunk as they arrive (a million texts
 * never sit in the gateway), and at the end the quota check and the commit that makes the batch exist. Until the
 * commit, nothing is visible and a broken stream leaves only staging that expires. A retried upload with the same
 * idempotency key returns the first batch; if that one was committed but not yet scheduled (its gateway died in
 * between), it is scheduled now.
 */
export class BatchUpload {
  constructor(
    private readonly deps: {
      store: BatchStore;
      scheduler: BatchScheduler;
      gate: TenantGate;
      catalog: ModelCatalog;
      /** Resolves `MODEL+HEAD` specs to the tenant's heads; absent: heads are not served. */
      heads?: HeadResolver;
      limits: BatchUploadLimits;
      log: Logger;
    },
  ) {}

  async receive(tenant: TenantSpec, messages: AsyncIterable<SubmitBatchRequest>): Promise<UploadOutcome> {
    const { store, gate, catalog, limits } = this.deps;
    const iterator = messages[Symbol.asyncIterator]();
    const first = await iterator.next();
    if (first.done || !first.value.spec) {
      throw ApiError.invalidArgument([
        { field: 'messages[0].spec', description: 'the first message must carry the batch spec' },
      ]);
    }
    const head = await this.deps.heads
      ?.resolve(tenant, first.value.spec.model, 'spec.model')
      .catch((error: unknown) => (error instanceof ApiError ? error : Promise.reject(error)));
    const spec = validateBatchSpec(first.value.spec, catalog, limits, head);
    gate.authorizeModel(tenant, spec.model.name);

    const existing = await store.findByIdempotencyKey(tenant.id, spec.idempotencyKey);
    if (existing) {
      // The client re-sends what it sent before; nothing of it is needed.
      for (let next = await iterator.next(); !next.done; next = await iterator.next());
      await this.ensureScheduled(existing);
      return { record: existing, existing: true };
    }

    const maxTexts = Math.min(limits.maxBatchTexts, tenant.limits.maxBatchTexts ?? Infinity);
    const id = `b-${randomUUID().replaceAll('-', '').slice(0, 24)}`;
    await store.stage(
      {
        id,
        tenant: tenant.id,
        model: spec.model.ref,
        digest: spec.model.digest,
        ...(spec.head ? { head: spec.head } : {}),
        displayName: spec.displayName,
        idempotencyKey: spec.idempotencyKey,
        options: spec.options,
        weight: tenant.weight,
        chunkSize: limits.chunkTexts,
        retentionMs: spec.retentionMs,
      },
      limits.uploadIdleMs,
    );
    try {
      const accumulator = new ChunkAccumulator(limits.chunkTexts);
      let message = 0;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        message += 1;
        const { chunk, spec: again } = next.value;
        if (again || !chunk) {
          throw ApiError.invalidArgument([
            {
              field: `messages[${message}]`,
              description: again ? 'only the first message carries a spec' : 'a chunk of items is required',
            },
          ]);
        }
        const items = validateBatchItems(chunk.items, { message, firstIndex: accumulator.total }, limits);
        if (accumulator.total + items.length > maxTexts)
          throw tooLarge(tenant, maxTexts, limits.maxBatchTexts);
        for (const full of accumulator.add(items)) {
          await store.stageChunk(id, full.index, full.items, limits.uploadIdleMs);
        }
      }
      const last = accumulator.finish();
      if (last) await store.stageChunk(id, last.index, last.items, limits.uploadIdleMs);
      if (accumulator.total === 0) {
        throw ApiError.invalidArgument([{ field: 'messages', description: 'the batch has no items' }]);
      }

      const admitted = await gate.admitBatch(tenant, spec.model.ref, accumulator.total, BATCH_LEASE_TTL_MS);
      const commit = await store
        .commit(
          id,
          tenant.id,
          spec.idempotencyKey,
          { total: accumulator.total, chunks: accumulator.chunks },
          admitted.lease,
        )
        .catch((error: unknown) => {
          gate.release(admitted.leases);
          throw error;
        });
      if (commit.outcome !== 'created') {
        gate.release(admitted.leases);
        await store.discard(id);
        if (commit.outcome === 'expired') {
          throw new ApiError(
            status.ABORTED,
            `the upload was idle for more than ${limits.uploadIdleMs} ms and its staging expired; submit again`,
          );
        }
        // A concurrent upload with the same key committed first.
        const winner = await store.get(tenant.id, commit.batchId);
        if (!winner)
          throw new ApiError(status.ABORTED, 'a concurrent submit with this key failed; submit again');
        return { record: winner, existing: true };
      }
      const record = await store.read(id);
      if (!record) throw new ApiError(status.INTERNAL, `batch ${id} vanished after its commit`);
      await this.schedule(record);
      this.deps.log.info(
        { batchId: id, tenant: tenant.id, model: record.model, total: record.total, chunks: record.chunks },
        'batch submitted',
      );
      return { record, existing: false, metadata: admitted.metadata };
    } catch (error) {
      await store.discard(id).catch(() => undefined);
      throw error;
    }
  }

  private async ensureScheduled(record: BatchRecord): Promise<void> {
    if (ENDED_STATES.has(record.state)) return;
    if (!(await this.deps.store.isScheduled(record.id))) await this.schedule(record);
  }

  private async schedule(record: BatchRecord): Promise<void> {
    await this.deps.scheduler.schedule(record);
    await this.deps.store.markScheduled(record.id);
  }
}

function tooLarge(tenant: TenantSpec, max: number, serverMax: number): ApiError {
  if (max < serverMax) {
    return ApiError.withReason(
      status.RESOURCE_EXHAUSTED,
      'QUOTA_EXCEEDED',
      `the batch exceeds tenant "${tenant.id}"'s limit of ${max} texts per batch`,
      {
        errorInfo: { reason: 'QUOTA_EXCEEDED', metadata: { limit: 'max-batch-texts' } },
        quotaFailure: { violations: [{ subject: `tenant:${tenant.id}`, description: 'max-batch-texts' }] },
      },
    );
  }
  return ApiError.invalidArgument([
    { field: 'messages', description: `the batch exceeds this server's limit of ${max} texts per batch` },
  ]);
}
