import { trace } from '@opentelemetry/api';

type Env = Record<string, string | undefined>;

/** What a service holds while tracing runs; its lifecycle calls `shutdown` last, which flushes spans not yet sent. */
export interface Tracing {
  readonly enabled: boolean;
  shutdown(): Promise<void>;
}

const SHUTDOWN_BOUND_MS = 5000;

const OFF: Tracing = { enabled: false, shutdown: () => Promise.resolve() };

const listOf = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);

/**
 * Whether the standard OTEL_* variables ask for traces: an exporter named (other than "none") or an OTLP endpoint
 * set, and the SDK not disabled. Everything else about export (protocol, headers, sampler, batching, resource) is
 * left to the SDK's own reading of the same variables.
 */
export function tracingRequested(env: Env = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = listOf(env.OTEL_TRACES_EXPORTER);
  if (exporters.length > 0) return exporters[0] !== 'none';
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

/**
 * Starts the OpenTelemetry Node SDK from the environment when tracing is asked for, for traces only: the services'
 * metrics are Prometheus and their logs are JSON lines, so the SDK's OTLP metric and log exporters (on by default)
 * stay off. When tracing is not asked for, the SDK is not even loaded and `@opentelemetry/api` keeps its no-op
 * tracer, so that spans cost a few allocations and nothing is exported.
 */
export async function startTracing(options: { serviceName: string; env?: Env }): Promise<Tracing> {
  const env = options.env ?? process.env;
  if (!tracingRequested(env)) return OFF;
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const named =
    Boolean(env.OTEL_SERVICE_NAME) || /(^|,)\s*service\.name=/.test(env.OTEL_RESOURCE_ATTRIBUTES ?? '');
  const sdk = new NodeSDK({
    ...(named ? {} : { serviceName: options.serviceName }),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
  let stopped: Promise<void> | undefined;
  const flush = async () => {
    // Bounded: an unreachable collector must not hold a terminating pod past its grace period.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_BOUND_MS)));
    try {
      await Promise.race([sdk.shutdown().catch(() => undefined), late]);
    } finally {
      clearTimeout(timer);
      trace.disable();
    }
  };
  return { enabled: true, shutdown: () => (stopped ??= flush()) };
}
