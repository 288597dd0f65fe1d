// Worker entry point: configuration from the environment, then WorkerService until SIGTERM/SIGINT.
import { pino } from 'pino';
import { ConfigError, loadEnvConfig, workerConfigSchema } from '@sieve/config';
import { WorkerService } from './worker-service.ts';

let config;
try {
  config = loadEnvConfig(workerConfigSchema);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`sieve worker: ${error.message}`);
    process.exit(2);
  }
  throw error;
}

const log = pino({ level: config.SIEVE_LOG_LEVEL, base: { service: 'sieve-worker' } });
const service = new WorkerService(config, log);
try {
  await service.start();
} catch (error) {
  log.fatal({ err: error }, `cannot start: ${error instanceof Error ? error.message : String(error)}`);
  await service.stop().catch(() => undefined);
  process.exit(1);
}

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing work in hand');
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'unclean stop');
        process.exit(1);
      },
    );
  });
}
