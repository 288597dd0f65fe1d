import { Metadata, status, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import { ApiError, packDetails } from '@sieve/api';
import { InvalidPageTokenError } from '@sieve/batches';
import {
  ApiKeyNotFoundError,
  AuthenticationError,
  InvalidTenantError,
  QuotaExceededError,
  ReadOnlyTenantError,
  TenancyError,
  TenantExistsError,
  TenantNotFoundError,
} from '@sieve/tenancy';
import type { Logger } from 'pino';

// The gateway's one error table. Handlers, stores and packages report failures as values (ApiError, tenancy's and
// batches' error classes); this module alone turns them into what a client reads: a gRPC status with google.rpc
// details in its trailers, or the google.rpc.Status a stream message carries. An HTTP surface adds its column to
// STATUS_OF_CODE and an `httpStatusOf` beside `grpcStatusOf`.

/** Per gRPC code the gateway answers with: its name (on the wire and in metric labels). */
const STATUS_OF_CODE: Readonly<Record<status, { name: string }>> = {
  [status.OK]: { name: 'OK' },
  [status.CANCELLED]: { name: 'CANCELLED' },
  [status.UNKNOWN]: { name: 'UNKNOWN' },
  [status.INVALID_ARGUMENT]: { name: 'INVALID_ARGUMENT' },
  [status.DEADLINE_EXCEEDED]: { name: 'DEADLINE_EXCEEDED' },
  [status.NOT_FOUND]: { name: 'NOT_FOUND' },
  [status.ALREADY_EXISTS]: { name: 'ALREADY_EXISTS' },
  [status.PERMISSION_DENIED]: { name: 'PERMISSION_DENIED' },
  [status.RESOURCE_EXHAUSTED]: { name: 'RESOURCE_EXHAUSTED' },
  [status.FAILED_PRECONDITION]: { name: 'FAILED_PRECONDITION' },
  [status.ABORTED]: { name: 'ABORTED' },
  [status.OUT_OF_RANGE]: { name: 'OUT_OF_RANGE' },
  [status.UNIMPLEMENTED]: { name: 'UNIMPLEMENTED' },
  [status.INTERNAL]: { name: 'INTERNAL' },
  [status.UNAVAILABLE]: { name: 'UNAVAILABLE' },
  [status.DATA_LOSS]: { name: 'DATA_LOSS' },
  [status.UNAUTHENTICATED]: { name: 'UNAUTHENTICATED' },
};

/** The name of a gRPC code, as metric labels carry it; a code outside the table by its number. */
export function codeNameOf(code: status): string {
  return STATUS_OF_CODE[code]?.name ?? String(code);
}

/**
 * What a failure that is no known value means to the caller: each service says what it was doing (and logs the
 * error), since "internal error" and "the batch store is unavailable" are different answers.
 */
export type Unexpected = (error: unknown) => ApiError;

/** An Unexpected answering INTERNAL "internal error", the error itself logged under `line`. */
export function internalError(log: Logger, line: string): Unexpected {
  return (error) => {
    log.error({ err: error }, line);
    return new ApiError(status.INTERNAL, 'internal error');
  };
}

/** The domain errors of our packages, as the ApiError a caller reads; undefined for anything else. */
function knownErrorOf(error: unknown): ApiError | undefined {
  if (error instanceof AuthenticationError) {
    if (error.failure === 'tenant-disabled') {
      return ApiError.withReason(status.PERMISSION_DENIED, 'MODEL_NOT_ALLOWED', error.message);
    }
    return ApiError.withReason(status.UNAUTHENTICATED, 'INVALID_API_KEY', error.message);
  }
  if (error instanceof QuotaExceededError) {
    return ApiError.withReason(status.RESOURCE_EXHAUSTED, 'QUOTA_EXCEEDED', error.message, {
      errorInfo: { reason: 'QUOTA_EXCEEDED', metadata: { limit: error.limit, quota_reason: error.reason } },
      quotaFailure: { violations: [{ subject: `tenant:${error.tenantId}`, description: error.limit }] },
      ...(error.retryable ? { retryDelayMs: error.retryAfterMs } : {}),
    });
  }
  if (error instanceof TenantNotFoundError || error instanceof ApiKeyNotFoundError)
    return new ApiError(status.NOT_FOUND, error.message);
  if (error instanceof TenantExistsError) return new ApiError(status.ALREADY_EXISTS, error.message);
  if (error instanceof ReadOnlyTenantError) return new ApiError(status.FAILED_PRECONDITION, error.message);
  if (error instanceof InvalidTenantError) {
    return ApiError.invalidArgument(
      (error.issues as Array<string | { path?: string; message?: string }>).map((issue) =>
        typeof issue === 'string'
          ? { field: 'tenant', description: issue }
          : { field: `tenant.${issue.path ?? ''}`, description: issue.message ?? '' },
      ),
    );
  }
  // Any other tenancy failure is its store's (Redis) failing: retryable.
  if (error instanceof TenancyError) {
    return ApiError.withReason(status.UNAVAILABLE, 'BACKEND_UNAVAILABLE', error.message, {
      retryDelayMs: 1000,
    });
  }
  if (error instanceof InvalidPageTokenError) {
    return ApiError.invalidArgument([{ field: 'page_token', description: error.message }]);
  }
  return undefined;
}

/** Anything thrown or rejected, as the ApiError the caller reads. */
export function apiErrorOf(error: unknown, unexpected: Unexpected): ApiError {
  if (error instanceof ApiError) return error;
  return knownErrorOf(error) ?? unexpected(error);
}

/** The gRPC status of a call that fails: code, bounded message, google.rpc details in the trailers. */
export function grpcStatusOf(error: ApiError): Partial<ServiceError> & { code: status; details: string } {
  return error.toServiceError();
}

/** The same status as an interceptor sends it (`sendStatus` wants the trailers present). */
export function interceptedCallStatusOf(error: ApiError): StatusObject {
  const { code, details, metadata } = grpcStatusOf(error);
  return { code, details, metadata: metadata ?? new Metadata() };
}

/** The google.rpc.Status a stream message carries when its own request failed (the stream goes on). */
export function messageStatusOf(error: ApiError) {
  return { code: error.code, message: error.message, details: packDetails(error.details) };
}
