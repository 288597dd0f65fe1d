import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { assertModelDirectoryVerified, MANIFEST_FILE } from '@sieve/hub';
import { BatchStore } from '@sieve/batches';
import type { WatchedFile, WorkerConfig } from '@sieve/config';
import { ModelsFile, watchModelsFile, type ModelEntry, type ModelsFileError } from '@sieve/model-registry';
import {
  CancellationFeed,
  queueKeys,
  WorkerRegistry,
  type QueueKeys,
  type UnservedModel,
} from '@sieve/queue';
import { checkRedisRequirements, redisConnection, type RedisClient } from '@sieve/redis';
import { MetricsServer, WorkerMetrics } from '@sieve/telemetry';
import type { Logger } from 'pino';
import { BatchFinalizer } from './batch-finalizer.ts';
import { ModelHost } from './model-host.ts';

/**
 * A worker process: hosts the models assigned to it (one `ModelHost` each: session, batcher, queue consumers),
 * follows the models file to load new ones and retire removed ones without a restart, and announces what it serves
 * (and what is loading or failed, and why) in the registry. Owns and closes every resource it opens.
 */
export class WorkerService {
  readonly workerId = `w-${randomUUID().slice(0, 8)}`;
  private readonly config: WorkerConfig;
  private readonly log: Logger;
  private readonly hosts = new Map<string, ModelHost>();
  /** Assigned models not served, by ref: loading, or failed with the reason. */
  private readonly unserved = new Map<string, UnservedModel>();
  private finalizer?: BatchFinalizer;
  private heartbeat?: NodeJS.Timeout;
  private registry?: WorkerRegistry;
  private modelsFile?: WatchedFile<ModelsFile, ModelsFileError>;
  private readonly connections: Array<{ disconnect(): void }> = [];
  private readonly metrics = new WorkerMetrics();
  private metricsServer?: MetricsServer;
  private reconciling: Promise<void> = Promise.resolve();
  private stopping = false;
  private context?: {
    keys: QueueKeys;
    redis: RedisClient;
    connect: () => RedisClient;
    batches: BatchStore;
    cancellationFeed: CancellationFeed;
  };

  constructor(config: WorkerConfig, log: Logger) {
    this.config = config;
    this.log = log;
  }

  /** The single model's reference when SIEVE_MODEL_DIR configures one (tests and the CLI print it). */
  get modelRef(): string {
    const [first] = this.hosts.keys();
    return first ?? '';
  }

  async start(): Promise<void> {
    const config = this.config;
    // One model given directly: a changed file stops the worker before it touches Redis (a pod restart loop that
    // names the file beats a worker that looks healthy and serves nothing).
    if (!config.SIEVE_MODELS_FILE && config.SIEVE_MODEL_DIR) {
      const dir = resolve(config.SIEVE_MODEL_DIR);
      if (existsSync(join(dir, MANIFEST_FILE))) await assertModelDirectoryVerified(dir);
    }
    const keys = queueKeys(config.SIEVE_QUEUE_PREFIX);
    const redisSettings = {
      url: config.REDIS_URL,
      cluster: config.REDIS_CLUSTER === 'true',
      ...(config.REDIS_TLS_CA_FILE ? { tlsCa: readFileSync(config.REDIS_TLS_CA_FILE, 'utf8') } : {}),
    };
    // Connection errors surface where commands fail (logged there); the clients reconnect on their own.
    const quiet = <T extends RedisClient>(connection: T): T => {
      connection.on('error', (error: unknown) => this.log.debug({ err: error }, 'redis connection error'));
      this.connections.push(connection);
      return connection;
    };
    const redis = quiet(redisConnection(redisSettings));
    const connect = () => quiet(redisConnection(redisSettings));
    // Before any queue is opened: a Redis that evicts loses jobs, batches and tenants silently.
    await checkRedisRequirements(redis, this.log);
    this.registry = new WorkerRegistry(redis, keys);
    if (config.SIEVE_METRICS_ADDRESS) {
      this.metricsServer = await MetricsServer.listen(this.metrics.registry, config.SIEVE_METRICS_ADDRESS);
      this.log.info({ port: this.metricsServer.port }, 'metrics at /metrics');
    }
    const batches = new BatchStore(redis, keys.prefix);
    // One subscriber per process, for every model it hosts: cancels are few, and each names its request.
    const cancellationFeed = await CancellationFeed.start(connect(), keys);
    this.context = { keys, redis, connect, batches, cancellationFeed };
    this.finalizer = new BatchFinalizer({
      keys,
      connection: connect(),
      store: batches,
      log: this.log,
      metrics: this.metrics,
    });
    await this.finalizer.waitUntilReady();

    if (config.SIEVE_MODELS_FILE) {
      const file = resolve(config.SIEVE_MODELS_FILE);
      this.modelsFile = await watchModelsFile({
        file,
        store: config.SIEVE_MODEL_STORE ? resolve(config.SIEVE_MODEL_STORE) : dirname(file),
        onChange: (models) => {
          this.log.info({ models: models.entries.length }, 'models file reloaded');
          void this.reconcile(models);
        },
        onError: (error) => this.log.error({ err: error }, 'models file rejected; keeping the previous one'),
      });
      await this.reconcile(this.modelsFile.value);
    } else {
      const dir = resolve(config.SIEVE_MODEL_DIR!);
      const single = ModelsFile.single({
        name: config.SIEVE_MODEL_NAME ?? basename(dir),
        version: config.SIEVE_MODEL_VERSION,
        path: dir,
        dtype: config.SIEVE_MODEL_DTYPE,
      });
      await this.reconcile(single);
      // One model given directly: a worker that cannot serve it has no reason to run.
      const failed = [...this.unserved.values()].find((model) => model.state === 'failed');
      if (failed) throw new Error(`cannot serve ${failed.name}@${failed.version}: ${failed.reason}`);
    }

    await this.announce();
    this.heartbeat = setInterval(() => void this.announce(), LEASE_MS / 3);
    this.log.info(
      { workerId: this.workerId, pool: config.SIEVE_WORKER_POOL, models: [...this.hosts.keys()] },
      'worker ready',
    );
  }

  /** Brings the hosted models in line with the file: start what is assigned and missing, drain what was removed. */
  private reconcile(models: ModelsFile): Promise<void> {
    this.reconciling = this.reconciling.then(() => this.reconcileOnce(models));
    return this.reconciling;
  }

  private async reconcileOnce(models: ModelsFile): Promise<void> {
    if (this.stopping) return;
    const wanted = new Map(
      models.assignedTo(this.config.SIEVE_WORKER_POOL).map((entry) => [entry.ref, entry]),
    );
    for (const [ref, host] of this.hosts) {
      if (wanted.has(ref)) continue;
      this.log.info({ model: ref }, 'model retired: draining');
      this.hosts.delete(ref);
      await this.announce();
      await host.stop(this.config.SIEVE_DRAIN_TIMEOUT_MS);
      this.log.info({ model: ref }, 'model unloaded');
    }
    for (const ref of this.unserved.keys()) if (!wanted.has(ref)) this.unserved.delete(ref);
    await Promise.all([...wanted.values()].map((entry) => this.host(entry)));
    await this.announce();
  }

  private async host(entry: ModelEntry): Promise<void> {
    const current = this.hosts.get(entry.ref);
    if (current) {
      // A version's content never changes under the same name: refuse, keep serving what was verified.
      if (current.entry.path !== entry.path || current.entry.dtype !== entry.dtype) {
        this.log.error(
          { model: entry.ref, was: current.entry.path, now: entry.path },
          'a served version changed its files; versions are immutable: add a new version instead',
        );
      }
      return;
    }
    this.unserved.set(entry.ref, { name: entry.name, version: entry.version, state: 'loading' });
    void this.announce();
    try {
      const host = await ModelHost.start({
        config: this.config,
        entry,
        ...this.context!,
        metrics: this.metrics,
        // Also without metrics: the heartbeat carries the last sample to the Admin API's cluster status.
        sampleQueueDepth: true,
        log: this.log,
      });
      if (this.stopping) {
        await host.stop(0);
        return;
      }
      this.hosts.set(entry.ref, host);
      this.unserved.delete(entry.ref);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.log.error({ model: entry.ref, err: error }, 'model failed to load');
      this.unserved.set(entry.ref, { name: entry.name, version: entry.version, state: 'failed', reason });
    }
    await this.announce();
  }

  private async announce(): Promise<void> {
    if (!this.registry || this.stopping) return;
    await this.registry
      .announce(
        {
          workerId: this.workerId,
          startedAt: Date.now(),
          pool: this.config.SIEVE_WORKER_POOL,
          models: [...this.hosts.values()].map((host) => host.served),
          unserved: [...this.unserved.values()],
          stats: this.statsSnapshot(),
          backlog: [...this.hosts.values()].map((host) => host.backlog(BACKLOG_GROUPS)),
        },
        LEASE_MS,
      )
      .catch((error: unknown) => this.log.warn({ err: error }, 'registry heartbeat failed'));
  }

  /** Batch counters summed over the hosted models. */
  statsSnapshot(): Record<string, unknown> {
    const total = {
      batches: 0,
      texts: 0,
      realTokens: 0,
      paddedTokens: 0,
      multiRequestBatches: 0,
      jobs: 0,
      requests: 0,
      skippedExpired: 0,
      skippedCancelled: 0,
      headTexts: 0,
      sharedBackboneBatches: 0,
      urgentBatches: 0,
      expressBatches: 0,
    };
    const sizes: Record<string, number> = {};
    for (const host of this.hosts.values()) {
      const stats = host.stats;
      for (const key of Object.keys(total) as Array<keyof typeof total>) total[key] += stats[key];
      for (const [size, count] of stats.sizes) sizes[size] = (sizes[size] ?? 0) + count;
    }
    return { ...total, sizes };
  }

  /** Graceful stop: every model takes no new jobs and finishes the ones held (bounded), then the process leaves. */
  async stop(graceMs = this.config.SIEVE_DRAIN_TIMEOUT_MS): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.modelsFile?.close();
    this.stopping = true;
    await this.registry?.withdraw(this.workerId).catch(() => undefined);
    await this.reconciling.catch(() => undefined);
    await Promise.all([...this.hosts.values()].map((host) => host.stop(graceMs)));
    this.hosts.clear();
    await this.finalizer?.close();
    await this.context?.cancellationFeed.close();
    await this.metricsServer?.close();
    for (const connection of this.connections) connection.disconnect();
  }
}

const LEASE_MS = 3000;
/** Groups of pending texts and of queues per model in a heartbeat: enough for an operator, small in Redis. */
const BACKLOG_GROUPS = 50;
