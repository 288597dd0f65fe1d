import { status, type ServiceError } from '@grpc/grpc-js';
import { statusDetailsOf, unpackDetails, type StatusDetails } from '@sieve/api';

const CODE_NAMES = Object.fromEntries(
  Object.entries(status)
    .filter(([, value]) => typeof value === 'number')
    .map(([name, value]) => [value, name]),
) as Record<number, string>;

/**
 * A call the gateway (or the network, or the deadline) refused, with the google.rpc details it carried decoded:
 * the reason (ErrorInfo), the fields at fault (BadRequest), the quota (QuotaFailure), when to come back
 * (RetryInfo), and how many attempts were made before giving up.
 */
export class SieveClientError extends Error {
  override readonly name = 'SieveClientError';

  constructor(
    /** The gRPC status code (`status` of @grpc/grpc-js). */
    readonly code: number,
    /** The server's message without the code. */
    readonly serverMessage: string,
    readonly details: StatusDetails,
    readonly attempts: number,
  ) {
    super(`${CODE_NAMES[code] ?? code}: ${serverMessage}`);
  }

  /** sieve.v1.ErrorReason name (ErrorInfo.reason), when the server gave one. */
  get reason(): string | undefined {
    return this.details.errorInfo?.reason;
  }

  /** What the server asked to wait before a retry (RetryInfo), when it did. */
  get retryDelayMs(): number | undefined {
    return this.details.retryDelayMs;
  }

  /** From what grpc-js rejected a call with; anything else (a bug of ours) becomes INTERNAL. */
  static of(error: unknown, attempts: number): SieveClientError {
    if (error instanceof SieveClientError) return error;
    const service = error as Partial<ServiceError>;
    if (typeof service.code === 'number') {
      return new SieveClientError(
        service.code,
        service.details ?? service.message ?? '',
        service.metadata ? statusDetailsOf(service as ServiceError) : {},
        attempts,
      );
    }
    return new SieveClientError(status.INTERNAL, String(error), {}, attempts);
  }

  /** From a google.rpc.Status answered in place of one stream request's response. */
  static ofStatus(
    rpcStatus: {
      code: number;
      message: string;
      details: Array<{ type_url?: string; typeUrl?: string; value?: Uint8Array | string }>;
    },
    attempts: number,
  ): SieveClientError {
    const details = unpackDetails(
      rpcStatus.details.map((any) => ({
        type_url: any.type_url ?? any.typeUrl ?? '',
        value:
          typeof any.value === 'string' ? Buffer.from(any.value, 'base64') : (any.value ?? new Uint8Array()),
      })),
    );
    return new SieveClientError(rpcStatus.code, rpcStatus.message, details, attempts);
  }
}
