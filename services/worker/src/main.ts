// Worker entry point: tracing from the OTEL_* variables, validated configuration from the environment, then
// WorkerService until SIGTERM/SIGINT.
import { missingWorkerProcessEnv, runService, workerConfigSchema } from '@sieve/config';
import { createServiceLogger, startTracing } from '@sieve/telemetry';
import { WorkerService } from './worker-service.ts';

const tracing = await startTracing({ serviceName: 'sieve-worker' });
await runService({
  name: 'sieve worker',
  schema: workerConfigSchema,
  tracing,
  // The work in hand gets its drain bound; closing queues, the registry and connections after it, a margin.
  stopWithinMs: (config) => config.SIEVE_DRAIN_TIMEOUT_MS + 15_000,
  create: (config) => {
    const log = createServiceLogger({ service: 'sieve-worker', level: config.SIEVE_LOG_LEVEL });
    if (tracing.enabled) log.info({}, 'tracing on');
    // glibc read these before this code ran; an image or launcher of the operator's own may not set them.
    const missing = missingWorkerProcessEnv(process.env);
    if (missing.length > 0 && process.platform === 'linux') {
      log.warn(
        { missing },
        `started without ${missing.join(' ')} (glibc reads them at process start, so set them where the worker is ` +
          'launched, as the worker image does); its memory will be higher than it needs to be',
      );
    }
    return { service: new WorkerService(config, log), log };
  },
});
