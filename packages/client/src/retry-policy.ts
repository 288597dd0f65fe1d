import { status } from '@grpc/grpc-js';

/** How retries wait and what they may cost; every field has a default (see DEFAULT_RETRY). */
export interface RetryOptions {
  /** Attempts in all, the first included; 1 turns retries off. */
  maxAttempts: number;
  /** The first backoff's upper bound; each further retry doubles it up to `maxBackoffMs`. */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Retries at most this fraction of calls once `budgetMinimum` retries are spent. */
  budgetRatio: number;
  budgetMinimum: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 5,
  initialBackoffMs: 100,
  maxBackoffMs: 5_000,
  budgetRatio: 0.1,
  budgetMinimum: 10,
};

/** What is known about one failed attempt. */
export interface FailedAttempt {
  code: number;
  /** The server's google.rpc.RetryInfo delay, when it sent one. */
  retryDelayMs?: number;
  /** The call would do no harm run twice: a read, or a Classify that carries a request id. */
  idempotent: boolean;
  /** Something of the answer arrived (a stream message); replaying would repeat what the caller saw. */
  responded: boolean;
}

/**
 * Whether an attempt may be retried. UNAVAILABLE means the call did not reach a gateway that could answer it
 * (refused while draining, connection lost): safe when the call is idempotent and nothing was answered.
 * RESOURCE_EXHAUSTED is retried only when the server said when (RetryInfo): it refused before doing any work, so
 * that holds even for calls that are not idempotent. Everything else is the caller's to handle.
 */
export function isRetryable(attempt: FailedAttempt): boolean {
  if (attempt.responded) return false;
  if (attempt.code === status.RESOURCE_EXHAUSTED) return attempt.retryDelayMs !== undefined;
  return attempt.code === status.UNAVAILABLE && attempt.idempotent;
}

/**
 * How long to wait before retry number `retry` (1 for the first): exponential backoff with full jitter, never less
 * than what the server asked for in RetryInfo (plus up to 10% jitter, so that callers refused together do not all
 * come back in the same instant).
 */
export function backoffMs(
  retry: number,
  options: Pick<RetryOptions, 'initialBackoffMs' | 'maxBackoffMs'>,
  serverDelayMs: number | undefined,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxBackoffMs, options.initialBackoffMs * 2 ** (retry - 1));
  const jittered = random() * ceiling;
  if (serverDelayMs === undefined) return jittered;
  return Math.max(jittered, serverDelayMs * (1 + 0.1 * random()));
}
