import { status } from '@grpc/grpc-js';
import { ApiError } from '@sieve/api';
import type { Logger } from 'pino';

/**
 * What a caller hears when Redis failed under its call: UNAVAILABLE with reason BACKEND_UNAVAILABLE and RetryInfo,
 * and a fixed message saying what could not be done. Redis's own text ("OOM command not allowed...", "ERR ...",
 * addresses) goes to the log, never to the caller: it says nothing a caller can act on and tells strangers what
 * runs behind the gateway. UNAVAILABLE for a full Redis too, not RESOURCE_EXHAUSTED: the caller exceeded nothing of
 * its own, a retry later can succeed, and UNAVAILABLE is what gRPC retry policies and sieve's clients retry.
 */
export function backendUnavailable(log: Logger | undefined, error: unknown, what: string): ApiError {
  log?.warn({ err: error }, `${what}: Redis failed`);
  return ApiError.withReason(
    status.UNAVAILABLE,
    'BACKEND_UNAVAILABLE',
    `${what}: the queue backend (Redis) is unavailable; retry shortly`,
    { retryDelayMs: 1000 },
  );
}
