import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { assertModelDirectoryVerified, MANIFEST_FILE } from '@sieve/hub';
import { BatchAssembler, FairShareAnchorPolicy } from '@sieve/batching';
import type { WorkerConfig } from '@sieve/config';
import {
  queueKeys,
  redisConnection,
  ReplyPublisher,
  RequestCancellation,
  TokenizerExchange,
  WorkerRegistry,
} from '@sieve/queue';
import { TextClassifier, type ExecutionProviderName } from '@sieve/runtime';
import type { Logger } from 'pino';
import { BatchStore } from '@sieve/batches';
import { BatchRunner, type QueuedText } from './batch-runner.ts';
import { batchChunkHandler } from './batch-chunk-handler.ts';
import { BatchFinalizer } from './batch-finalizer.ts';
import { classifyJobHandler } from './classify-job-handler.ts';
import { QueueConsumers } from './queue-consumers.ts';
import { QueueDepthSampler } from './queue-depth-sampler.ts';
import { MetricsServer, WorkerMetrics } from '@sieve/telemetry';

/**
 * A worker process: loads its model, drains that model's queue with dynamic batching, and announces itself in the
 * registry so that gateways know the model is served. Owns and closes every resource it opens.
 */
export class WorkerService {
  readonly workerId = `w-${randomUUID().slice(0, 8)}`;
  private readonly config: WorkerConfig;
  private readonly log: Logger;
  private classifier?: TextClassifier;
  private runner?: BatchRunner;
  private consumers?: QueueConsumers;
  private finalizer?: BatchFinalizer;
  private depthSampler?: QueueDepthSampler;
  private heartbeat?: NodeJS.Timeout;
  private registry?: WorkerRegistry;
  private readonly connections: Array<{ disconnect(): void }> = [];
  private readonly tenantWeights = new Map<string, number>();
  private readonly metrics = new WorkerMetrics();
  private metricsServer?: MetricsServer;

  constructor(config: WorkerConfig, log: Logger) {
    this.config = config;
    this.log = log;
  }

  get modelRef(): string {
    const name = this.config.SIEVE_MODEL_NAME ?? basename(resolve(this.config.SIEVE_MODEL_DIR));
    return `${name}@${this.config.SIEVE_MODEL_VERSION}`;
  }

  async start(): Promise<void> {
    const config = this.config;
    const keys = queueKeys(config.SIEVE_QUEUE_PREFIX);
    const modelDir = resolve(config.SIEVE_MODEL_DIR);
    // A pulled model carries a manifest of sha256s: a file changed since the pull is refused, never served silently.
    if (existsSync(join(modelDir, MANIFEST_FILE))) {
      const manifest = await assertModelDirectoryVerified(modelDir);
      this.log.info({ source: manifest.source }, 'model files match their manifest');
    }
    this.classifier = await TextClassifier.load(resolve(config.SIEVE_MODEL_DIR), {
      dtype: config.SIEVE_MODEL_DTYPE,
      // Inference on its own thread: a running batch must not stall taking jobs, tokenizing or replying.
      thread: true,
      executionProviders: config.SIEVE_EXECUTION_PROVIDERS.split(',') as ExecutionProviderName[],
      ...(config.SIEVE_INTRA_OP_THREADS ? { intraOpThreads: config.SIEVE_INTRA_OP_THREADS } : {}),
      onFallback: (message) => this.log.warn(message),
    });
    const info = this.classifier.info;
    this.log.info(
      { model: this.modelRef, digest: info.digest, provider: info.executionProvider, dtype: info.dtype },
      'model loaded',
    );

    const redisSettings = {
      url: config.REDIS_URL,
      cluster: config.REDIS_CLUSTER === 'true',
      ...(config.REDIS_TLS_CA_FILE ? { tlsCa: readFileSync(config.REDIS_TLS_CA_FILE, 'utf8') } : {}),
    };
    const redis = redisConnection(redisSettings);
    this.connections.push(redis);
    this.registry = new WorkerRegistry(redis, keys);
    const cancellation = new RequestCancellation(redis, keys);
    this.runner = new BatchRunner({
      assembler: new BatchAssembler<QueuedText>({
        maxBatchTexts: config.SIEVE_MAX_BATCH_TEXTS,
        maxBatchTokens: config.SIEVE_MAX_BATCH_TOKENS,
        maxWaitMs: config.SIEVE_MAX_WAIT_MS,
        ordering: config.SIEVE_BATCH_ORDERING,
        // Tenants share each priority class by weight (padded tokens served), not by arrival order.
        anchorPolicy: new FairShareAnchorPolicy<QueuedText>({
          weightOf: (tenant) => this.tenantWeights.get(tenant),
          isolateLaggingTenants: config.SIEVE_FAIR_SHARE_ISOLATION === 'true',
        }),
      }),
      classifier: this.classifier,
      publisher: new ReplyPublisher(redis, keys),
      cancellation,
      modelRef: this.modelRef,
      log: this.log,
      metrics: this.metrics,
    });
    this.runner.start();
    if (config.SIEVE_METRICS_ADDRESS) {
      this.metricsServer = await MetricsServer.listen(this.metrics.registry, config.SIEVE_METRICS_ADDRESS);
      this.log.info({ port: this.metricsServer.port }, 'metrics at /metrics');
    }

    const connect = () => {
      const connection = redisConnection(redisSettings);
      this.connections.push(connection);
      return connection;
    };
    const batches = new BatchStore(redis, keys.prefix);
    this.consumers = new QueueConsumers({
      keys,
      modelRef: this.modelRef,
      redis,
      connect,
      handler: classifyJobHandler({
        classifier: this.classifier,
        runner: this.runner,
        cancellation,
        weights: this.tenantWeights,
        metrics: this.metrics,
        modelRef: this.modelRef,
      }),
      concurrency: config.SIEVE_JOB_CONCURRENCY,
      batchHandler: batchChunkHandler({
        store: batches,
        classifier: this.classifier,
        runner: this.runner,
        weights: this.tenantWeights,
        log: this.log,
        metrics: this.metrics,
      }),
      batchConcurrency: config.SIEVE_BATCH_CHUNK_CONCURRENCY,
      lockDuration: config.SIEVE_LOCK_DURATION_MS,
      stalledInterval: config.SIEVE_STALLED_INTERVAL_MS,
      log: this.log,
    });
    await this.consumers.start();
    this.finalizer = new BatchFinalizer({
      keys,
      connection: connect(),
      store: batches,
      log: this.log,
      metrics: this.metrics,
    });
    await this.finalizer.waitUntilReady();
    if (this.metricsServer) {
      this.depthSampler = new QueueDepthSampler({
        consumers: this.consumers,
        connection: redis,
        keys,
        modelRef: this.modelRef,
        metrics: this.metrics,
        log: this.log,
      });
      this.depthSampler.start();
    }

    const leaseMs = 3000;
    const announce = () =>
      this.registry!.announce(
        {
          workerId: this.workerId,
          startedAt: Date.now(),
          models: [
            {
              name: this.modelRef.split('@')[0]!,
              version: config.SIEVE_MODEL_VERSION,
              digest: info.digest,
              labels: [...info.labels],
              maxLength: info.maxLength,
              dtype: info.dtype,
              executionProvider: info.executionProvider,
            },
          ],
          stats: this.statsSnapshot(),
        },
        leaseMs,
      ).catch((error: unknown) => this.log.warn({ err: error }, 'registry heartbeat failed'));
    // Gateways count tokens for tokens-per-minute quotas with this exact tokenizer.
    await new TokenizerExchange(redis, keys).publish(info.digest, readFileSync(info.files.tokenizer, 'utf8'));
    await announce();
    this.heartbeat = setInterval(announce, leaseMs / 3);
    this.log.info({ workerId: this.workerId, queue: keys.queueName(this.modelRef) }, 'worker ready');
  }

  statsSnapshot(): Record<string, unknown> {
    const stats = this.runner?.stats;
    if (!stats) return {};
    return {
      batches: stats.batches,
      texts: stats.texts,
      realTokens: stats.realTokens,
      paddedTokens: stats.paddedTokens,
      multiRequestBatches: stats.multiRequestBatches,
      skippedExpired: stats.skippedExpired,
      skippedCancelled: stats.skippedCancelled,
      sizes: Object.fromEntries(stats.sizes),
    };
  }

  /** Graceful stop: take no new jobs, finish the ones held (running their batches without waiting), leave. */
  async stop(graceMs = 30_000): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.registry?.withdraw(this.workerId).catch(() => undefined);
    // Order matters: the runner keeps computing (without waiting for company) while BullMQ stops fetching and waits
    // for the jobs in hand, which finish only as their texts are computed; then the runner can stop.
    this.runner?.startDraining();
    const consumers = this.consumers;
    if (consumers) {
      // Bounded: a job that cannot finish must not keep a terminating pod alive; its lock lapses and another
      // worker takes it over.
      let timer: NodeJS.Timeout | undefined;
      const forced = new Promise<'forced'>(
        (resolve) => (timer = setTimeout(() => resolve('forced'), graceMs)),
      );
      if ((await Promise.race([consumers.close(), forced])) === 'forced') {
        this.log.warn({ graceMs }, 'jobs in hand did not finish in time; closing anyway');
        await consumers.close(true);
      }
      clearTimeout(timer);
    }
    await this.depthSampler?.close();
    await this.finalizer?.close();
    await this.runner?.stop();
    await this.metricsServer?.close();
    await this.classifier?.close();
    for (const connection of this.connections) connection.disconnect();
  }
}
