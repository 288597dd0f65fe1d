import { setFlagsFromString } from 'node:v8';
import type { z } from 'zod';
import { ConfigError, loadEnvConfig } from './env-config.ts';

/** A stop bound for services that set none: their own drain bounds are shorter. */
const DEFAULT_STOP_WITHIN_MS = 60_000;

export interface RunnableService {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface ServiceLogger {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
  fatal(fields: object, message: string): void;
}

/**
 * The life of a service process, the same for gateway and worker: configuration validated before anything starts
 * (exit 2 naming each bad variable), start (exit 1 with the reason), then run until SIGTERM/SIGINT and stop
 * gracefully (exit 0) — what Kubernetes expects of a pod.
 */
export async function runService<Schema extends z.ZodObject>(options: {
  name: string;
  schema: Schema;
  create: (config: z.infer<Schema>) => { service: RunnableService; log: ServiceLogger };
  /** Shut down after the service has stopped, so that the spans of its last work are flushed before exit. */
  tracing?: { shutdown(): Promise<void> };
  /**
   * The most a graceful stop may take (its own drain bound plus a margin); past it the process leaves with exit 1.
   * A stop can wait on Redis, and a command to a Redis that is gone waits for a reconnection that never comes.
   */
  stopWithinMs?: (config: z.infer<Schema>) => number;
}): Promise<void> {
  const flushTracing = () => options.tracing?.shutdown().catch(() => undefined);
  let config: z.infer<Schema>;
  try {
    config = loadEnvConfig(options.schema);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${options.name}: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  // Before the service allocates anything much; V8 reads this flag at each collection (see `parallelGc`).
  if ((config as { SIEVE_PARALLEL_GC?: string }).SIEVE_PARALLEL_GC === 'false')
    setFlagsFromString('--no-parallel-scavenge');
  const { service, log } = options.create(config);
  // Signal handlers go in before start: a SIGTERM that lands while the service starts (a pod deleted at once)
  // must not kill the process with the default action, which skips the stop; the stop runs once start is done,
  // within the same bound, so a start stuck on an unreachable Redis does not hold the process either.
  let starting: Promise<void> | undefined;
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    log.info({ signal }, 'stopping: finishing work in hand');
    const stopWithinMs = options.stopWithinMs?.(config) ?? DEFAULT_STOP_WITHIN_MS;
    setTimeout(() => {
      log.error(
        { stopWithinMs },
        `did not stop within ${stopWithinMs} ms (is Redis reachable?); leaving anyway`,
      );
      void (async () => {
        await flushTracing();
        process.exit(1);
      })();
    }, stopWithinMs);
    // A start that fails is handled below, which stops the service and leaves.
    if (
      !(await (starting ?? Promise.resolve()).then(
        () => true,
        () => false,
      ))
    )
      return;
    service.stop().then(
      async () => {
        await flushTracing();
        process.exit(0);
      },
      async (error: unknown) => {
        log.error({ err: error }, 'unclean stop');
        await flushTracing();
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void stop(signal);
    });
  }
  try {
    starting = service.start();
    await starting;
  } catch (error) {
    log.fatal({ err: error }, `cannot start: ${error instanceof Error ? error.message : String(error)}`);
    await service.stop().catch(() => undefined);
    await flushTracing();
    process.exit(1);
  }
}
