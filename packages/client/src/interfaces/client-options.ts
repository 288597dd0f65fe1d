import type { ChannelCredentials, ChannelOptions } from '@grpc/grpc-js';
import type { RetryOptions } from '../retry-policy.ts';

/** One retry about to happen, for logs and tests. */
export interface RetryEvent {
  /** The attempt that failed (1 for the first). */
  attempt: number;
  /** Its gRPC status code. */
  code: number;
  /** How long the client waits before the next attempt. */
  delayMs: number;
  /** The gateway target the failed attempt went to. */
  target: string;
}

export interface SieveClientOptions {
  /** Sent as `authorization: Bearer <key>`. */
  apiKey?: string;
  /** The tenant the key must belong to (`x-sieve-tenant`). */
  tenant?: string;
  /** Default: plaintext; see gatewayChannelCredentials for TLS. */
  credentials?: ChannelCredentials;
  /** The model `classify(texts)` uses when the call names none. */
  model?: string;
  /** Every unary call's deadline unless the call sets its own; default 30 s. Retries never outlive it. */
  deadlineMs?: number;
  /** Backoff, attempts and budget; `false` turns retries off. */
  retry?: Partial<RetryOptions> | false;
  /** Passed to every channel (keepalive, message sizes). */
  channelOptions?: ChannelOptions;
  onRetry?: (event: RetryEvent) => void;
}

export interface CallOptions {
  /** This call's deadline from now, retries included; default the client's. */
  deadlineMs?: number;
  /** Cancels the call (and any retry waiting). */
  signal?: AbortSignal;
}

export interface ClassifyOptions extends CallOptions {
  /** Overrides the client's model for `classify(texts)`. */
  model?: string;
}

export interface ClassifyStreamOptions {
  /** The model of requests given as bare text lists. */
  model?: string;
  /** Requests sent and not yet answered and read by the caller, at most; default 32. */
  maxInFlight?: number;
  /** The whole stream's deadline from now; default none (a stream may run for hours). */
  deadlineMs?: number;
  signal?: AbortSignal;
}
