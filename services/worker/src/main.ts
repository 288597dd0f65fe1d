// Worker entry point: validated configuration from the environment, then WorkerService until SIGTERM/SIGINT.
import { pino } from 'pino';
import { runService, workerConfigSchema } from '@sieve/config';
import { WorkerService } from './worker-service.ts';

await runService({
  name: 'sieve worker',
  schema: workerConfigSchema,
  create: (config) => {
    const log = pino({ level: config.SIEVE_LOG_LEVEL, base: { service: 'sieve-worker' } });
    return { service: new WorkerService(config, log), log };
  },
});
