// Worker entry point: tracing from the OTEL_* variables, validated configuration from the environment, then
// WorkerService until SIGTERM/SIGINT.
import { runService, workerConfigSchema } from '@sieve/config';
import { createServiceLogger, startTracing } from '@sieve/telemetry';
import { WorkerService } from './worker-service.ts';

const tracing = await startTracing({ serviceName: 'sieve-worker' });
await runService({
  name: 'sieve worker',
  schema: workerConfigSchema,
  tracing,
  create: (config) => {
    const log = createServiceLogger({ service: 'sieve-worker', level: config.SIEVE_LOG_LEVEL });
    if (tracing.enabled) log.info({}, 'tracing on');
    return { service: new WorkerService(config, log), log };
  },
});
