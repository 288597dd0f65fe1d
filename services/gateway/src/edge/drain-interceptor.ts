import { ServerInterceptingCall, type ServerInterceptor } from '@grpc/grpc-js';
import type { ApiError } from '@sieve/api';
import type { GatewayDrain } from './gateway-drain.ts';
import { interceptedCallStatusOf } from './error-status.ts';

/** Answers NOT_SERVING while the gateway drains, which is what a load balancer or probe asking it needs to hear. */
const HEALTH_CHECK = '/grpc.health.v1.Health/Check';
/** Open as long as a client likes and holding no work: told NOT_SERVING (by health), then ended when the drain begins. */
const HEALTH_WATCH = '/grpc.health.v1.Health/Watch';

/**
 * The drain for every call of every service: a call that starts while the gateway drains is refused UNAVAILABLE
 * before its handler runs (health checks excepted), health watches end once they have heard NOT_SERVING, and when
 * the drain's bound is over every call still open ends UNAVAILABLE (which clients retry) instead of being cut with
 * CANCELLED by the server's forced shutdown. Handlers still answer what they admitted: this only ends calls.
 */
export function drainInterceptor(drain: GatewayDrain): ServerInterceptor {
  return (method, call) => {
    let open = true;
    let stopWatching = () => {};
    const closed = () => {
      open = false;
      stopWatching();
    };
    const end = (error: ApiError) => {
      if (!open) return;
      closed();
      call.sendStatus(interceptedCallStatusOf(error));
    };
    const intercepted = new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, nextMetadata) => {
            if (drain.draining && method.path !== HEALTH_CHECK) end(drain.refusal());
            else nextMetadata(metadata);
          },
          onCancel: closed,
        }),
      sendStatus: (status, next) => {
        closed();
        next(status);
      },
    });
    stopWatching = drain.watch((phase) => {
      if (phase === 'closed') end(drain.cutOff());
      // After health's own watcher has written NOT_SERVING to this call (it was registered first).
      else if (method.path === HEALTH_WATCH) setImmediate(() => end(drain.refusal()));
    });
    return intercepted;
  };
}
