// Gateway entry point: tracing from the OTEL_* variables, validated configuration from the environment, then
// GatewayService until SIGTERM/SIGINT.
import { gatewayConfigSchema, runService } from '@sieve/config';
import { createServiceLogger, startTracing } from '@sieve/telemetry';
import { GatewayService } from './gateway-service.ts';

const tracing = await startTracing({ serviceName: 'sieve-gateway' });
await runService({
  name: 'sieve gateway',
  schema: gatewayConfigSchema,
  tracing,
  // GatewayService.stop drains for SIEVE_DRAIN_TIMEOUT_MS (plus a second for the last statuses); writing usage and
  // closing connections after it, a margin.
  stopWithinMs: (config) => config.SIEVE_DRAIN_TIMEOUT_MS + 15_000,
  create: (config) => {
    const log = createServiceLogger({ service: 'sieve-gateway', level: config.SIEVE_LOG_LEVEL });
    if (tracing.enabled) log.info({ textsOnSpans: config.SIEVE_TRACE_TEXTS === 'true' }, 'tracing on');
    return { service: new GatewayService(config, log), log };
  },
});
