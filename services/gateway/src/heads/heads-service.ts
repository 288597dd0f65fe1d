import {
  status,
  type Metadata,
  type sendUnaryData,
  type ServerReadableStream,
  type ServerUnaryCall,
} from '@grpc/grpc-js';
import {
  ApiError,
  type DeleteHeadRequest,
  type DeleteHeadResponseInit,
  type GetHeadRequest,
  type GetHeadResponseInit,
  type HeadsHandlers,
  type ListHeadsRequest,
  type ListHeadsResponseInit,
  type TrainHeadRequest,
  type TrainHeadResponseInit,
} from '@sieve/api';
import { parseHeadModelName, type HeadStore } from '@sieve/heads';
import type { TenantSpec } from '@sieve/tenancy';
import type { Logger } from 'pino';
import { headMessage } from './head-messages.ts';
import { headNotFound, type HeadResolver } from './head-resolution.ts';
import type { HeadTrainingUpload } from './head-training-upload.ts';
import type { TenantGate } from '../edge/tenant-gate.ts';
import { apiErrorOf, grpcStatusOf, type Unexpected } from '../edge/error-status.ts';

/** Metadata an operator's client may send to make sure its key acts for the tenant it means (`--tenant`). */
export const EXPECTED_TENANT_HEADER = 'x-sieve-tenant';

/** A failure of no known kind is the head store's (Redis): retryable, logged. */
const headStoreUnavailable =
  (log: Logger): Unexpected =>
  (error) => {
    log.error({ err: error }, 'unexpected error in Heads');
    return ApiError.withReason(status.UNAVAILABLE, 'BACKEND_UNAVAILABLE', 'head store unavailable', {
      retryDelayMs: 1000,
    });
  };

/**
 * The Heads service: every call authenticates, then acts only on the caller's tenant's heads. Train is a
 * HeadTrainingUpload; a worker of the base model trains the head and marks it READY or FAILED.
 */
export function headsService(deps: {
  store: HeadStore;
  upload: HeadTrainingUpload;
  resolver: HeadResolver;
  gate: TenantGate;
  log: Logger;
}): HeadsHandlers {
  const { store, upload, resolver, gate, log } = deps;
  const unexpected = headStoreUnavailable(log);

  const authenticate = async (metadata: Metadata): Promise<TenantSpec> => {
    const tenant = await gate.authenticate(metadata);
    const expected = metadata.get(EXPECTED_TENANT_HEADER).map(String)[0];
    if (expected !== undefined && expected !== tenant.id) {
      throw new ApiError(
        status.PERMISSION_DENIED,
        `the API key belongs to tenant "${tenant.id}", not "${expected}"`,
      );
    }
    return tenant;
  };

  const unary = <Req, Res>(
    call: ServerUnaryCall<Req, Res>,
    callback: sendUnaryData<Res>,
    handle: (tenant: TenantSpec, request: Req) => Promise<Res>,
  ) => {
    authenticate(call.metadata)
      .then((tenant) => handle(tenant, call.request))
      .then(
        (response) => callback(null, response),
        (error: unknown) => callback(grpcStatusOf(apiErrorOf(error, unexpected))),
      );
  };

  return {
    Train(
      call: ServerReadableStream<TrainHeadRequest, TrainHeadResponseInit>,
      callback: sendUnaryData<TrainHeadResponseInit>,
    ) {
      // A client that goes away mid-upload must end the read loop (and so discard the staging), not hang it.
      call.on('cancelled', () => call.destroy(new Error('the client cancelled the upload')));
      authenticate(call.metadata)
        .then(async (tenant) => {
          const outcome = await upload.receive(tenant, call);
          resolver.forget(tenant.id);
          return outcome;
        })
        .then(
          ({ record, existing }) => callback(null, { head: headMessage(record), existing }),
          (error: unknown) => {
            if (call.cancelled) return;
            callback(grpcStatusOf(apiErrorOf(error, unexpected)));
          },
        );
    },

    Get(call: ServerUnaryCall<GetHeadRequest, GetHeadResponseInit>, callback) {
      unary(call, callback, async (tenant, request) => ({
        head: headMessage((await resolver.describe(tenant, request.model, 'model')).record),
      }));
    },

    List(call: ServerUnaryCall<ListHeadsRequest, ListHeadsResponseInit>, callback) {
      unary(call, callback, async (tenant, request) => ({
        heads: (await store.list(tenant.id, request.baseModel || undefined)).map(headMessage),
      }));
    },

    Delete(call: ServerUnaryCall<DeleteHeadRequest, DeleteHeadResponseInit>, callback) {
      unary(call, callback, async (tenant, request) => {
        const parsed = parseHeadModelName(request.model);
        if (!parsed || 'problem' in parsed) {
          throw ApiError.invalidArgument([
            {
              field: 'model',
              description: parsed
                ? parsed.problem
                : 'expected MODEL+HEAD (every version) or MODEL+HEAD@VERSION',
            },
          ]);
        }
        const base = parsed.base.includes('@') ? parsed.base.slice(0, parsed.base.indexOf('@')) : parsed.base;
        const versions = await store.versions(tenant.id, base, parsed.head, parsed.version);
        const deleted = await store.delete(
          tenant.id,
          versions.map((record) => record.id),
        );
        if (deleted.length === 0) throw headNotFound(request.model);
        resolver.forget(tenant.id);
        log.info({ tenant: tenant.id, head: request.model, versions: deleted.length }, 'head deleted');
        return { heads: deleted.map(headMessage) };
      });
    },
  };
}
