import type { ServerDuplexStream, ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import type {
  ClassifyRequest,
  ClassifyResponseInit,
  ClassifyStreamRequest,
  ClassifyStreamResponseInit,
  InferenceHandlers,
} from '@sieve/api';
import { contextFromMetadata } from '@sieve/telemetry';
import { apiErrorOf, grpcStatusOf, internalError } from '../edge/error-status.ts';
import type { GatewayDrain } from '../edge/gateway-drain.ts';
import { deadlineOf } from './call-deadline.ts';
import { Classification, type ClassificationDeps } from './classification.ts';
import { ClassifyStreamSession } from './classify-stream-session.ts';

/** The Inference service: Classify answers one request; ClassifyStream answers each of its messages. */
export function inferenceService(
  deps: ClassificationDeps & {
    defaultTimeoutMs: number;
    maxStreamInFlight: number;
    /** Once the gateway drains, streams admit no new request and end when what they admitted is answered. */
    drain: GatewayDrain;
  },
): InferenceHandlers {
  const { gate, log } = deps;
  const classification = new Classification(deps);
  // An unexpected error becomes INTERNAL without leaking internals.
  const unexpected = internalError(log, 'unexpected error');

  return {
    Classify(
      call: ServerUnaryCall<ClassifyRequest, ClassifyResponseInit>,
      callback: sendUnaryData<ClassifyResponseInit>,
    ) {
      const abort = new AbortController();
      // grpc-js says 'cancelled' when any call's stream closes, answered ones too: aborting those would only build
      // an AbortError (stack trace included) per call for nobody.
      let answered = false;
      call.on('cancelled', () => {
        if (!answered) abort.abort();
      });
      classification
        .classify('Classify', call.request, {
          tenantOf: gate.authenticate(call.metadata),
          deadline: deadlineOf(call, deps.defaultTimeoutMs),
          signal: abort.signal,
          parent: contextFromMetadata(call.metadata),
          onAdmitted: (metadata) => call.sendMetadata(metadata),
        })
        .then(
          (response) => {
            answered = true;
            callback(null, response);
          },
          (error: unknown) => {
            answered = true;
            if (call.cancelled) return;
            callback(grpcStatusOf(apiErrorOf(error, unexpected)));
          },
        );
    },

    ClassifyStream(call: ServerDuplexStream<ClassifyStreamRequest, ClassifyStreamResponseInit>) {
      new ClassifyStreamSession(call, { ...deps, classification, unexpected }).start();
    },
  };
}
