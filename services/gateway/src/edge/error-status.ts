import { Metadata, status, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import { ApiError, ERROR_DOMAIN, packDetails } from '@sieve/api';
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
  TenantPageTokenError,
} from '@sieve/tenancy';
import type { Logger } from 'pino';

// The gateway's one error table. Handlers, stores and packages report failures as values (ApiError, tenancy's and
// batches' error classes); this module alone turns them into what a client reads: a gRPC status with google.rpc
// details in its trailers, the google.rpc.Status a stream message carries, or (HTTP/JSON) the HTTP status and the
// same Status as proto3 JSON.

/**
 * Per gRPC code the gateway answers with: its name (on the wire and in metric labels) and its HTTP status, as
 * google.api's HTTP mapping of the canonical codes (the one grpc-gateway and Google's JSON APIs use; CANCELLED is
 * nginx's 499, "client closed request").
 */
const STATUS_OF_CODE: Readonly<Record<status, { name: string; http: number }>> = {
  [status.OK]: { name: 'OK', http: 200 },
  [status.CANCELLED]: { name: 'CANCELLED', http: 499 },
  [status.UNKNOWN]: { name: 'UNKNOWN', http: 500 },
  [status.INVALID_ARGUMENT]: { name: 'INVALID_ARGUMENT', http: 400 },
  [status.DEADLINE_EXCEEDED]: { name: 'DEADLINE_EXCEEDED', http: 504 },
  [status.NOT_FOUND]: { name: 'NOT_FOUND', http: 404 },
  [status.ALREADY_EXISTS]: { name: 'ALREADY_EXISTS', http: 409 },
  [status.PERMISSION_DENIED]: { name: 'PERMISSION_DENIED', http: 403 },
  [status.RESOURCE_EXHAUSTED]: { name: 'RESOURCE_EXHAUSTED', http: 429 },
  [status.FAILED_PRECONDITION]: { name: 'FAILED_PRECONDITION', http: 400 },
  [status.ABORTED]: { name: 'ABORTED', http: 409 },
  [status.OUT_OF_RANGE]: { name: 'OUT_OF_RANGE', http: 400 },
  [status.UNIMPLEMENTED]: { name: 'UNIMPLEMENTED', http: 501 },
  [status.INTERNAL]: { name: 'INTERNAL', http: 500 },
  [status.UNAVAILABLE]: { name: 'UNAVAILABLE', http: 503 },
  [status.DATA_LOSS]: { name: 'DATA_LOSS', http: 500 },
  [status.UNAUTHENTICATED]: { name: 'UNAUTHENTICATED', http: 401 },
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
  if (error instanceof TenantPageTokenError) {
    return ApiError.invalidArgument([{ field: 'page_token', description: error.message }]);
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

/** The HTTP status of a failed call (500 for a code outside the table). */
export function httpStatusOf(error: Pick<ApiError, 'code'>): number {
  return STATUS_OF_CODE[error.code]?.http ?? 500;
}

/** `Retry-After` in whole seconds (at least 1) where the error carries RetryInfo; undefined otherwise. */
export function retryAfterSecondsOf(error: Pick<ApiError, 'details'>): number | undefined {
  const ms = error.details.retryDelayMs;
  return ms === undefined ? undefined : Math.max(1, Math.ceil(ms / 1000));
}

const TYPE_URL = 'type.googleapis.com/google.rpc.';

/** A google.protobuf.Duration in proto3 JSON ("1.500s"). */
function durationJson(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms)) / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(3)}s`;
}

/**
 * The JSON body of a failed HTTP call: the google.rpc.Status of the gRPC answer in proto3 JSON under "error", as
 * Google's JSON APIs write it (AIP-193): the HTTP status, the code's name, the message, and each detail as an object
 * with its "@type" (ErrorInfo's reason, BadRequest's field violations, RetryInfo's delay...). `http` overrides the
 * status only for the HTTP layer's own refusals (413 for a body past the message limit, 408 for one that stalls).
 */
export function httpErrorBodyOf(error: ApiError, http = httpStatusOf(error)) {
  const { errorInfo, badRequest, quotaFailure, retryDelayMs, resourceInfo } = error.details;
  const details: Array<Record<string, unknown>> = [];
  if (errorInfo) details.push({ '@type': `${TYPE_URL}ErrorInfo`, domain: ERROR_DOMAIN, ...errorInfo });
  if (badRequest)
    details.push({ '@type': `${TYPE_URL}BadRequest`, fieldViolations: badRequest.fieldViolations });
  if (quotaFailure) details.push({ '@type': `${TYPE_URL}QuotaFailure`, violations: quotaFailure.violations });
  if (retryDelayMs !== undefined)
    details.push({ '@type': `${TYPE_URL}RetryInfo`, retryDelay: durationJson(retryDelayMs) });
  if (resourceInfo) details.push({ '@type': `${TYPE_URL}ResourceInfo`, ...resourceInfo });
  return {
    error: { code: http, status: codeNameOf(error.code), message: error.message, details },
  };
}
