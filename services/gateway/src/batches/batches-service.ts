import {
  status,
  type sendUnaryData,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
} from '@grpc/grpc-js';
import {
  ApiError,
  type BatchesHandlers,
  type CancelBatchRequest,
  type CancelBatchResponseInit,
  type GetBatchRequest,
  type GetBatchResponseInit,
  type ListBatchesRequest,
  type ListBatchesResponseInit,
  type StreamBatchResultsRequest,
  type StreamBatchResultsResponseInit,
  type SubmitBatchRequest,
  type SubmitBatchResponseInit,
} from '@sieve/api';
import { readBatchResults, type BatchRecord, type BatchStore } from '@sieve/batches';
import type { TenantSpec } from '@sieve/tenancy';
import type { Logger } from 'pino';
import { batchMessage, batchResultMessage, STATE_OF_NAME } from './batch-messages.ts';
import { batchNotFound, cancelTenantBatch } from './batch-cancellation.ts';
import type { BatchUpload } from './batch-upload.ts';
import type { TenantGate } from '../edge/tenant-gate.ts';
import { apiErrorOf, grpcStatusOf, type Unexpected } from '../edge/error-status.ts';

/** A failure of no known kind is the batch store's (Redis): retryable, logged. */
const batchStoreUnavailable =
  (log: Logger): Unexpected =>
  (error) => {
    log.error({ err: error }, 'unexpected error in Batches');
    return ApiError.withReason(status.UNAVAILABLE, 'BACKEND_UNAVAILABLE', 'batch store unavailable', {
      retryDelayMs: 1000,
    });
  };

/**
 * The Batches service: every call authenticates, then acts only on the caller's tenant's batches. Submit is a
 * BatchUpload; results are read from Redis in input order, resumable from any offset on any gateway.
 */
export function batchesService(deps: {
  store: BatchStore;
  upload: BatchUpload;
  gate: TenantGate;
  log: Logger;
}): BatchesHandlers {
  const { store, upload, gate, log } = deps;
  const unexpected = batchStoreUnavailable(log);

  const unary = <Req, Res>(
    call: ServerUnaryCall<Req, Res>,
    callback: sendUnaryData<Res>,
    handle: (tenant: TenantSpec, request: Req) => Promise<Res>,
  ) => {
    gate
      .authenticate(call.metadata)
      .then((tenant) => handle(tenant, call.request))
      .then(
        (response) => callback(null, response),
        (error: unknown) => callback(grpcStatusOf(apiErrorOf(error, unexpected))),
      );
  };

  const owned = async (tenant: TenantSpec, id: string): Promise<BatchRecord> => {
    const record = await store.get(tenant.id, id);
    if (!record) throw batchNotFound(id);
    return record;
  };

  return {
    Submit(
      call: ServerReadableStream<SubmitBatchRequest, SubmitBatchResponseInit>,
      callback: sendUnaryData<SubmitBatchResponseInit>,
    ) {
      // A client that goes away mid-upload must end the read loop (and so discard the staging), not hang it.
      call.on('cancelled', () => call.destroy(new Error('the client cancelled the upload')));
      gate
        .authenticate(call.metadata)
        .then((tenant) => upload.receive(tenant, call))
        .then(
          ({ record, existing, metadata }) => {
            if (metadata) call.sendMetadata(metadata);
            callback(null, { batch: batchMessage(record), existing });
          },
          (error: unknown) => {
            if (call.cancelled) return;
            callback(grpcStatusOf(apiErrorOf(error, unexpected)));
          },
        );
    },

    Get(call: ServerUnaryCall<GetBatchRequest, GetBatchResponseInit>, callback) {
      unary(call, callback, async (tenant, request) => ({
        batch: batchMessage(await owned(tenant, request.id)),
      }));
    },

    List(call: ServerUnaryCall<ListBatchesRequest, ListBatchesResponseInit>, callback) {
      unary(call, callback, async (tenant, request) => {
        if (request.pageSize < 0 || request.pageSize > 1000) {
          throw ApiError.invalidArgument([
            { field: 'page_size', description: `must be 0..1000 (0 means 100), got ${request.pageSize}` },
          ]);
        }
        const state =
          request.state === 'BATCH_STATE_UNSPECIFIED' ? undefined : STATE_OF_NAME[String(request.state)];
        if (request.state !== 'BATCH_STATE_UNSPECIFIED' && !state) {
          throw ApiError.invalidArgument([
            { field: 'state', description: `unknown value ${JSON.stringify(request.state)}` },
          ]);
        }
        const page = await store.list(tenant.id, {
          pageSize: request.pageSize || 100,
          ...(request.pageToken ? { pageToken: request.pageToken } : {}),
          ...(state ? { state } : {}),
        });
        const now = Date.now();
        return {
          batches: page.batches.map((record) => batchMessage(record, now)),
          nextPageToken: page.nextPageToken,
        };
      });
    },

    Cancel(call: ServerUnaryCall<CancelBatchRequest, CancelBatchResponseInit>, callback) {
      unary(call, callback, async (tenant, request) => {
        const cancelled = await cancelTenantBatch(store, tenant.id, request.id, log, 'tenant');
        return { batch: batchMessage(cancelled) };
      });
    },

    StreamResults(call: ServerWritableStream<StreamBatchResultsRequest, StreamBatchResultsResponseInit>) {
      const abort = new AbortController();
      call.on('cancelled', () => abort.abort());
      const fail = (error: unknown) => {
        // grpc-js sends a streaming call's error status on 'error' (destroy() would drop it and hang the client).
        if (!call.cancelled) call.emit('error', grpcStatusOf(apiErrorOf(error, unexpected)));
      };
      (async () => {
        const tenant = await gate.authenticate(call.metadata);
        const record = await owned(tenant, call.request.id);
        const offset = Number(call.request.offset);
        if (!Number.isSafeInteger(offset) || offset < 0) {
          throw ApiError.invalidArgument([{ field: 'offset', description: `must be >= 0, got ${offset}` }]);
        }
        if (offset > record.total) {
          throw ApiError.invalidArgument([
            { field: 'offset', description: `${offset} is past the batch's ${record.total} items` },
          ]);
        }
        for await (const page of readBatchResults(store, record, offset, {
          follow: call.request.follow,
          signal: abort.signal,
        })) {
          if (call.cancelled) return;
          const flowing = call.write({
            results: page.results.map(({ index, result }) => batchResultMessage(index, result)),
            nextOffset: page.nextOffset,
          });
          // Respect the client's pace: a slow reader holds the read loop, not gateway memory.
          if (!flowing) {
            await new Promise<void>((resolve) => {
              call.once('drain', resolve);
              abort.signal.addEventListener('abort', () => resolve(), { once: true });
            });
          }
        }
        if (!call.cancelled) call.end();
      })().catch(fail);
    },
  };
}
