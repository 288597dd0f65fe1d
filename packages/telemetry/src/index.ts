// @sieve/telemetry — what operators see: Prometheus metrics of each service and the endpoint serving them.
export { MetricsServer } from './metrics-server.ts';
export { GatewayMetrics } from './gateway-metrics.ts';
export { WorkerMetrics } from './worker-metrics.ts';
