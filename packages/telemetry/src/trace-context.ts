import { ROOT_CONTEXT, type Context, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/** The part of grpc-js `Metadata` used here, so that this package needs no gRPC. */
export interface MetadataCarrier {
  get(key: string): Array<string | Buffer>;
}
export interface WritableMetadataCarrier {
  set(key: string, value: string): void;
}

// The W3C propagator itself rather than the global one: without the SDK the global propagator is a no-op, and the
// caller's traceparent must still travel to the worker (whose own tracing may be on).
const w3c = new W3CTraceContextPropagator();

const metadataGetter: TextMapGetter<MetadataCarrier> = {
  get: (carrier, key) => carrier.get(key).map(String),
  keys: () => ['traceparent', 'tracestate'],
};
const recordGetter: TextMapGetter<Record<string, string>> = {
  get: (carrier, key) => carrier[key],
  keys: (carrier) => Object.keys(carrier),
};
const recordSetter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};

/** The caller's trace context from gRPC metadata (`traceparent`, `tracestate`); the root context if none. */
export function contextFromMetadata(metadata: MetadataCarrier, base: Context = ROOT_CONTEXT): Context {
  return w3c.extract(base, metadata, metadataGetter);
}

/** Writes the context's span as `traceparent` (and `tracestate`) into outgoing gRPC metadata. */
export function injectIntoMetadata(context: Context, metadata: WritableMetadataCarrier): void {
  const headers: Record<string, string> = {};
  w3c.inject(context, headers, recordSetter);
  for (const [key, value] of Object.entries(headers)) metadata.set(key, value);
}

/** The context a queued job's `traceparent` string carries; the root context if absent or malformed. */
export function contextFromTraceparent(
  traceparent: string | undefined,
  base: Context = ROOT_CONTEXT,
): Context {
  return traceparent ? w3c.extract(base, { traceparent }, recordGetter) : base;
}

/** The context's span as a W3C `traceparent` string, to travel inside a queued job; undefined without a span. */
export function traceparentOf(context: Context): string | undefined {
  const headers: Record<string, string> = {};
  w3c.inject(context, headers, recordSetter);
  return headers.traceparent;
}
