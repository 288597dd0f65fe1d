import type {
  AdminCancelBatchRequest,
  AdminCancelBatchResponseInit,
  AdminListBatchesRequest,
  AdminListBatchesResponseInit,
} from '@sieve/api';
import { ApiError } from '@sieve/api';
import type { BatchListing, BatchStore } from '@sieve/batches';
import { TENANT_ID_PATTERN } from '@sieve/tenancy';
import type { Logger } from 'pino';
import { batchMessage, STATE_OF_NAME } from '../batches/batch-messages.ts';
import { cancelTenantBatch } from '../batches/batch-cancellation.ts';
import { MAX_MODEL_NAME_CHARS } from '../inference/request-validation.ts';
import { adminPageSize, pageSizeViolation } from './admin-page-size.ts';

export interface BatchAdminDeps {
  batches: Pick<BatchStore, 'get' | 'cancel'>;
  listing: Pick<BatchListing, 'list'>;
  log: Logger;
}

/** Admin.ListBatches and Admin.CancelBatch: every tenant's batch jobs, their progress and ETA, never their texts. */
export class BatchAdmin {
  constructor(private readonly deps: BatchAdminDeps) {}

  async listBatches(request: AdminListBatchesRequest): Promise<AdminListBatchesResponseInit> {
    const violations: Array<{ field: string; description: string }> = [];
    const badSize = pageSizeViolation(request.pageSize);
    if (badSize) violations.push(badSize);
    const state =
      request.state === 'BATCH_STATE_UNSPECIFIED' ? undefined : STATE_OF_NAME[String(request.state)];
    if (request.state !== 'BATCH_STATE_UNSPECIFIED' && !state) {
      violations.push({ field: 'state', description: `unknown value ${JSON.stringify(request.state)}` });
    }
    if (request.tenantId && !TENANT_ID_PATTERN.test(request.tenantId)) {
      violations.push({
        field: 'tenant_id',
        description: 'must be lowercase letters, digits and "-", 1 to 63 characters',
      });
    }
    if (request.model.length > MAX_MODEL_NAME_CHARS) {
      violations.push({ field: 'model', description: `at most ${MAX_MODEL_NAME_CHARS} characters` });
    }
    if (violations.length > 0) throw ApiError.invalidArgument(violations);
    const page = await this.deps.listing.list({
      pageSize: adminPageSize(request.pageSize),
      ...(request.tenantId ? { tenant: request.tenantId } : {}),
      ...(state ? { state } : {}),
      ...(request.model ? { model: request.model } : {}),
      ...(request.pageToken ? { pageToken: request.pageToken } : {}),
    });
    const now = Date.now();
    return {
      batches: page.batches.map((record) => ({ tenantId: record.tenant, batch: batchMessage(record, now) })),
      nextPageToken: page.nextPageToken,
    };
  }

  async cancelBatch(request: AdminCancelBatchRequest): Promise<AdminCancelBatchResponseInit> {
    const missing = (['tenantId', 'batchId'] as const).filter((field) => !request[field]);
    if (missing.length > 0) {
      throw ApiError.invalidArgument(
        missing.map((field) => ({
          field: field === 'tenantId' ? 'tenant_id' : 'batch_id',
          description: 'required',
        })),
      );
    }
    const cancelled = await cancelTenantBatch(
      this.deps.batches,
      request.tenantId,
      request.batchId,
      this.deps.log,
      'admin',
    );
    return { batch: { tenantId: cancelled.tenant, batch: batchMessage(cancelled) } };
  }
}
