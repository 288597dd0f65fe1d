import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import type { ErrorReason } from './generated/sieve/v1/ErrorReason';
import { statusMetadata, type FieldViolation, type StatusDetails } from './rich-status.ts';

export type ErrorReasonName = Exclude<keyof typeof ErrorReason, 'ERROR_REASON_UNSPECIFIED'>;

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
    return {
      name: 'ApiError',
      message: this.message,
      code: this.code,
      details: this.message,
      metadata: statusMetadata(this.code, this.message, this.details),
    };
  }
}
