import { SpanKind, trace, type Context, type Span } from '@opentelemetry/api';
import { ATTR } from '@sieve/telemetry';

/** A proxy until the SDK registers (or forever the no-op tracer, when tracing is off). */
export const gatewayTracer = trace.getTracer('sieve-gateway');

/**
 * The SERVER span of one Classify call, or of one ClassifyStream message (a stream lives as long as its client, so
 * each request on it is its own span), as a child of the caller's trace context.
 */
export function startRpcSpan(method: string, parent: Context): { span: Span; context: Context } {
  const span = gatewayTracer.startSpan(
    `sieve.v1.Inference/${method}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        [ATTR.RPC_SYSTEM]: 'grpc',
        [ATTR.RPC_SERVICE]: 'sieve.v1.Inference',
        [ATTR.RPC_METHOD]: method,
      },
    },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}
