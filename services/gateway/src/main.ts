// Gateway entry point: configuration from the environment, then GatewayService until SIGTERM/SIGINT.
import { pino } from 'pino';
import { ConfigError, gatewayConfigSchema, loadEnvConfig } from '@sieve/config';
import { GatewayService } from './gateway-service.ts';

let config;
try {
  config = loadEnvConfig(gatewayConfigSchema);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`sieve gateway: ${error.message}`);
    process.exit(2);
  }
  throw error;
}

const log = pino({ level: config.SIEVE_LOG_LEVEL, base: { service: 'sieve-gateway' } });
const service = new GatewayService(config, log);
try {
  await service.start();
} catch (error) {
  log.fatal({ err: error }, `cannot start: ${error instanceof Error ? error.message : String(error)}`);
  await service.stop(0).catch(() => undefined);
  process.exit(1);
}

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: draining calls in flight');
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'unclean stop');
        process.exit(1);
      },
    );
  });
}
