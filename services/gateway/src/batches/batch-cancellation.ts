import { status } from '@grpc/grpc-js';
import { ApiError } from '@sieve/api';
import type { BatchRecord, BatchStore } from '@sieve/batches';
import type { Logger } from 'pino';

export function batchNotFound(id: string): ApiError {
  // Another tenant's batch answers exactly like a batch that does not exist: ids reveal nothing.
  return ApiError.withReason(status.NOT_FOUND, 'BATCH_NOT_FOUND', `no batch "${id}"`, {
    resourceInfo: { resourceType: 'sieve.v1.Batch', resourceName: id },
  });
}

/**
 * Cancels a tenant's batch: Batches.Cancel for its owner and Admin.CancelBatch for an operator, one rule for both.
 * A batch that succeeded or failed is FAILED_PRECONDITION; one already cancelled is answered as it is.
 */
export async function cancelTenantBatch(
  store: Pick<BatchStore, 'get' | 'cancel'>,
  tenant: string,
  id: string,
  log: Logger,
  by: 'tenant' | 'admin',
): Promise<BatchRecord> {
  const record = await store.get(tenant, id);
  if (!record) throw batchNotFound(id);
  if (record.state === 'succeeded' || record.state === 'failed') {
    throw ApiError.withReason(
      status.FAILED_PRECONDITION,
      'BATCH_ENDED',
      `batch "${id}" has already ${record.state}; its results stay readable until they expire`,
    );
  }
  const cancelled = await store.cancel(tenant, id);
  if (!cancelled) throw batchNotFound(id);
  log.info({ batchId: id, tenant, state: cancelled.state, by }, 'batch cancelled');
  return cancelled;
}
