// Gateway entry point: validated configuration from the environment, then GatewayService until SIGTERM/SIGINT.
import { pino } from 'pino';
import { gatewayConfigSchema, runService } from '@sieve/config';
import { GatewayService } from './gateway-service.ts';

await runService({
  name: 'sieve gateway',
  schema: gatewayConfigSchema,
  create: (config) => {
    const log = pino({ level: config.SIEVE_LOG_LEVEL, base: { service: 'sieve-gateway' } });
    return { service: new GatewayService(config, log), log };
  },
});
