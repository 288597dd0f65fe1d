import { z } from 'zod';

/** Thrown at start with every invalid or missing variable listed, one per line. */
export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads a service's configuration from environment variables through a zod schema whose keys are the variable
 * names, so that an error names exactly the variable to fix. zod because it validates, coerces and documents in one
 * declaration, and its error paths map one-to-one onto variable names.
 */
export function loadEnvConfig<Schema extends z.ZodObject>(
  schema: Schema,
  env: Record<string, string | undefined> = process.env,
): z.infer<Schema> {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`),
    );
  }
  return parsed.data;
}

export const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
export const redisUrl = z
  .string()
  .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
  .default('redis://127.0.0.1:6379');
export const queuePrefix = z
  .string()
  .regex(/\{[^{}]+\}/, 'must contain a {hash-tag} such as {sieve} (needed on Redis Cluster)')
  .default('{sieve}');
/**
 * "false" (default): V8 collects garbage on the service's own thread only. Its parallel helpers need idle cores; on
 * a few cores shared by gateway, worker, Redis and ONNX Runtime, or under a container CPU limit, they wait for one
 * and stretch the pause of the thread that waits for them (issue 4's flood: a light tenant's p99 40.6 -> 32.7 ms,
 * mean of five runs each). "true" keeps V8's default, for a service with cores to spare.
 */
export const parallelGc = z.enum(['true', 'false']).default('false');
export const logLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info');
