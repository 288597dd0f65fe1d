import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import type { ErrorReason } from './generated/sieve/v1/ErrorReason';
import { statusMetadata, type FieldViolation, type StatusDetails } from './rich-status.ts';

export type ErrorReasonName = Exclude<keyof typeof ErrorReason, 'ERROR_REASON_UNSPECIFIED'>;

/**
 * Longest text of a status sent in trailers. Messages and details echo client input (a model name, an id), and
 * trailers beyond a client's header-list limit (16-64 KiB in common stacks) leave it waiting for its deadline
 * instead of reading the error.
 */
const MAX_TRAILER_TEXT_CHARS = 1024;

const bounded = (text: string) =>
  text.length <= MAX_TRAILER_TEXT_CHARS
    ? text
    : `${text.slice(0, MAX_TRAILER_TEXT_CHARS)}... (${text.length - MAX_TRAILER_TEXT_CHARS} more characters)`;

function boundedDetails(details: StatusDetails): StatusDetails {
  const { badRequest, resourceInfo } = details;
  return {
    ...details,
    ...(badRequest
      ? {
          badRequest: {
            fieldViolations: badRequest.fieldViolations.map((violation) => ({
              field: bounded(violation.field),
              description: bounded(violation.description),
            })),
          },
        }
      : {}),
    ...(resourceInfo
      ? { resourceInfo: { ...resourceInfo, resourceName: bounded(resourceInfo.resourceName) } }
      : {}),
  };
}

/**
 * An error as a value: the gRPC code, a message that names the problem, and the google.rpc details a client
 * can act on. Packages return or throw these; only the gRPC edge turns them into a ServiceError.
 */
export class ApiError extends Error {
  readonly code: GrpcStatus;
  readonly details: StatusDetails;

  constructor(code: GrpcStatus, message: string, details: StatusDetails = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }

  static invalidArgument(violations: FieldViolation[]): ApiError {
    const summary = violations.map((v) => `${v.field}: ${v.description}`).join('; ');
    return new ApiError(GrpcStatus.INVALID_ARGUMENT, `invalid request: ${summary}`, {
      errorInfo: { reason: 'INVALID_REQUEST' satisfies ErrorReasonName },
      badRequest: { fieldViolations: violations },
    });
  }

  static withReason(
    code: GrpcStatus,
    reason: ErrorReasonName,
    message: string,
    extra: StatusDetails = {},
  ): ApiError {
    return new ApiError(code, message, { ...extra, errorInfo: { reason, ...extra.errorInfo } });
  }

  /** The grpc-js error object for `callback(err)` / `call.destroy(err)`, with details in the trailer. */
  toServiceError(): Partial<ServiceError> & { code: GrpcStatus; details: string } {
    const message = bounded(this.message);
    return {
      name: 'ApiError',
      message,
      code: this.code,
      details: message,
      metadata: statusMetadata(this.code, message, boundedDetails(this.details)),
    };
  }
}
