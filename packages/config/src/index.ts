// @sieve/config — one validated configuration per service, from environment variables.
export { ConfigError, loadEnvConfig } from './env-config.ts';
export { ADMIN_TOKEN_MIN_LENGTH, adminTokenProblem, adminTokenSchema } from './admin-token-rule.ts';
export { gatewayConfigSchema, maxMessageBytesOf, type GatewayConfig } from './gateway-config.ts';
export { workerConfigSchema, type WorkerConfig } from './worker-config.ts';
export { batchingOf, CPU_BATCHING, GPU_BATCHING, type BatchingSettings } from './batching-defaults.ts';
export { runService, type RunnableService, type ServiceLogger } from './service-lifecycle.ts';
export { WatchedFile, type WatchedFileOptions } from './watched-file.ts';
export { missingWorkerProcessEnv, WORKER_PROCESS_ENV } from './worker-process-env.ts';
