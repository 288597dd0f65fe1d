// @sieve/telemetry — what operators see: Prometheus metrics, OpenTelemetry traces and the JSON logs of each service.
export { MetricsServer } from './metrics-server.ts';
export { GatewayMetrics } from './gateway-metrics.ts';
export { WorkerMetrics } from './worker-metrics.ts';
export { startTracing, tracingRequested, type Tracing } from './tracing.ts';
export {
  contextFromMetadata,
  contextFromTraceparent,
  injectIntoMetadata,
  traceparentOf,
  type MetadataCarrier,
  type WritableMetadataCarrier,
} from './trace-context.ts';
export { ATTR } from './span-attributes.ts';
export { inSpan, markSpanFailed } from './in-span.ts';
export { traceLogFields } from './log-trace-fields.ts';
export { createServiceLogger } from './service-logger.ts';
