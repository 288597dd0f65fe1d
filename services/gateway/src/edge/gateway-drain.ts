import { status } from '@grpc/grpc-js';
import { ApiError } from '@sieve/api';

/**
 * Where a gateway is in its life: serving; draining (a SIGTERM came: no new work is admitted, what was admitted is
 * answered); closed (the drain's bound is over: whatever is still open ends now).
 */
export type DrainPhase = 'serving' | 'draining' | 'closed';

const ORDER: Record<DrainPhase, number> = { serving: 0, draining: 1, closed: 2 };

/** A refused caller retries at once elsewhere: the Service has already stopped routing to this gateway. */
const RETRY_DELAY_MS = 200;

/**
 * The one owner of a gateway's drain state. Health, the call interceptor and open streams consult it and watch it;
 * only GatewayService.stop moves it, and only forward.
 */
export class GatewayDrain {
  private current: DrainPhase = 'serving';
  private readonly watchers = new Set<(phase: DrainPhase) => void>();

  get phase(): DrainPhase {
    return this.current;
  }

  /** True from the moment the drain began: nothing new is admitted. */
  get draining(): boolean {
    return this.current !== 'serving';
  }

  /** Stops admitting work; every watcher hears it at once. */
  begin(): void {
    this.moveTo('draining');
  }

  /** The bound is over: calls still open end now. */
  close(): void {
    this.moveTo('closed');
  }

  /** Calls `watcher` on each change of phase until the returned function is called. */
  watch(watcher: (phase: DrainPhase) => void): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  /** The answer to work that arrives while the gateway drains (a new call, a new message on an open stream). */
  refusal(): ApiError {
    return ApiError.withReason(
      status.UNAVAILABLE,
      'GATEWAY_DRAINING',
      'this gateway is stopping and admits no new work; retry, another gateway will answer',
      { retryDelayMs: RETRY_DELAY_MS },
    );
  }

  /** How a stream ends once the work it had admitted is answered: the client retries whatever has no answer. */
  streamEnd(): ApiError {
    return ApiError.withReason(
      status.UNAVAILABLE,
      'GATEWAY_DRAINING',
      'this gateway is stopping: every request it read on this stream is answered; retry the others elsewhere',
      { retryDelayMs: RETRY_DELAY_MS },
    );
  }

  /** How a call still open at the end of the drain's bound ends: its work was not answered in time. */
  cutOff(): ApiError {
    return ApiError.withReason(
      status.UNAVAILABLE,
      'GATEWAY_DRAINING',
      'this gateway stopped before this call was answered; retry it',
      { retryDelayMs: RETRY_DELAY_MS },
    );
  }

  private moveTo(next: DrainPhase): void {
    if (ORDER[next] <= ORDER[this.current]) return;
    this.current = next;
    for (const watcher of [...this.watchers]) watcher(next);
  }
}
