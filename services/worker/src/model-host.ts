import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { BatchAssembler, FairShareAnchorPolicy } from '@sieve/batching';
import type { BatchStore } from '@sieve/batches';
import { batchingOf, type WorkerConfig } from '@sieve/config';
import { assertModelDirectoryVerified, MANIFEST_FILE } from '@sieve/hub';
import type { ModelEntry } from '@sieve/model-registry';
import {
  ReplyPublisher,
  type CancellationFeed,
  RequestCancellation,
  TokenizerExchange,
  type ModelBacklog,
  type QueueKeys,
  type ServedModel,
} from '@sieve/queue';
import type { RedisClient } from '@sieve/redis';
import {
  modelGraphBytes,
  sessionLayoutOf,
  wordEmbeddingTableBytes,
  TextClassifier,
  vulkanDrivers,
  type ExecutionProviderName,
} from '@sieve/runtime';
import type { WorkerMetrics } from '@sieve/telemetry';
import type { Logger } from 'pino';
import { batchChunkHandler } from './batch-chunk-handler.ts';
import { BatchRunner, type QueuedText } from './batch-runner.ts';
import { classifyJobHandler } from './classify-job-handler.ts';
import { QueueConsumers } from './queue-consumers.ts';
import { QueueDepthSampler } from './queue-depth-sampler.ts';
import { HeadStore } from '@sieve/heads';
import { HeadTrainer } from './head-trainer.ts';
import { HeadWeightsCache } from './head-weights-cache.ts';

export interface ModelHostDeps {
  config: WorkerConfig;
  entry: ModelEntry;
  keys: QueueKeys;
  redis: RedisClient;
  /** A fresh connection (BullMQ workers need their own blocking connection each); owned by the caller. */
  connect: () => RedisClient;
  batches: BatchStore;
  /** The process's cancels as they happen (see BatchRunner); owned by the caller. */
  cancellationFeed: CancellationFeed;
  metrics: WorkerMetrics;
  /** Sample queue depth into the metrics and the heartbeat's backlog (the Admin API reads it without metrics too). */
  sampleQueueDepth: boolean;
  log: Logger;
}

/**
 * One model served by a worker process: its verified model directory, its ONNX Runtime session (on its own thread),
 * its batcher and inference loop, and the consumers of its queues (interactive and batch chunks, per tenant).
 * A process hosts one per assigned model; each starts and drains on its own, so a model can be added or retired
 * without touching the others.
 */
export class ModelHost {
  private constructor(
    readonly entry: ModelEntry,
    private readonly classifier: TextClassifier,
    private readonly runner: BatchRunner,
    private readonly consumers: QueueConsumers,
    private readonly trainer: HeadTrainer,
    private readonly sampler: QueueDepthSampler | undefined,
    private readonly log: Logger,
    /** Takes this model's row out of the provider info metric. */
    private readonly unlistProvider: () => void,
    /** The GPU adapter the provider runs on (WebGPU: the Vulkan driver manifests), '' on CPU. */
    private readonly adapter: string,
  ) {}

  static async start(deps: ModelHostDeps): Promise<ModelHost> {
    const { config, entry, keys, redis, metrics } = deps;
    const log = deps.log.child({ model: entry.ref });
    // A pulled model carries a manifest of sha256s: a file changed since the pull is refused, never served silently.
    if (existsSync(join(entry.path, MANIFEST_FILE))) {
      const manifest = await assertModelDirectoryVerified(entry.path);
      log.info({ source: manifest.source }, 'model files match their manifest');
    }
    const providers = config.SIEVE_EXECUTION_PROVIDERS.split(',') as ExecutionProviderName[];
    const modelBytes = modelGraphBytes(entry.path, entry.dtype);
    const layout = sessionLayoutOf(
      {
        sessions: config.SIEVE_SESSIONS,
        provider: providers[0]!,
        ...(config.SIEVE_INTRA_OP_THREADS ? { intraOpThreads: config.SIEVE_INTRA_OP_THREADS } : {}),
        ...(config.SIEVE_INFERENCE_CPUS ? { cpus: config.SIEVE_INFERENCE_CPUS } : {}),
        // "auto" keeps the worker within the memory bound, a multiple of the model's size.
        ...(modelBytes !== undefined ? { modelBytes } : {}),
        // What CPU sessions read outside their graphs (cutWordEmbeddings) is not counted once per session.
        wordEmbeddingBytes: wordEmbeddingTableBytes(entry.path, entry.dtype),
      },
      entry.dtype,
      availableParallelism(),
    );
    const { reason: layoutReason, ...sessionLayout } = layout;
    const classifier = await TextClassifier.load(entry.path, {
      dtype: entry.dtype,
      // Inference on its own thread: a running batch must not stall taking jobs, tokenizing or replying.
      thread: true,
      // A second session for the express lane, so that a light tenant never waits for a flood's batch in progress.
      expressLane: config.SIEVE_EXPRESS_SESSION !== 'false',
      preloadExpressLane: config.SIEVE_EXPRESS_SESSION === 'preload',
      onExpressLoad: (outcome) => {
        if (outcome.loaded)
          log.info(
            { loadMs: Math.round(outcome.ms) },
            'express session loaded: tenants contend for this worker',
          );
        else
          log.warn(
            { err: outcome.error },
            'express session failed to load: urgent batches jump the main session queue instead',
          );
      },
      executionProviders: providers,
      ...sessionLayout,
      allowSpinning: config.SIEVE_INTRA_OP_SPINNING === 'true',
      noopInference: config.SIEVE_NOOP_INFERENCE === 'true',
      // Pooled features beside the logits: tenants' heads are scored and trained on them.
      features: true,
      onFallback: (message) => log.warn(message),
    });
    if (config.SIEVE_NOOP_INFERENCE === 'true') {
      log.warn(
        {},
        'SIEVE_NOOP_INFERENCE=true: benchmark mode, answers are fixed logits, not the model (never serve this)',
      );
    }
    let unlistProvider = (): void => {};
    try {
      const info = classifier.info;
      // The provider that really runs (a GPU one may have fallen back to CPU), and for WebGPU the Vulkan driver.
      const adapter = info.executionProvider === 'webgpu' ? vulkanDrivers().join(',') : '';
      const providerLabels = { model: entry.ref, provider: info.executionProvider, adapter };
      // By the provider that really runs: a GPU provider that fell back to CPU batches as CPU does.
      const batching = batchingOf(config, info.executionProvider);
      metrics.modelProvider.set(providerLabels, 1);
      unlistProvider = () => metrics.modelProvider.remove(providerLabels);
      log.info(
        {
          digest: info.digest,
          provider: info.executionProvider,
          ...(adapter ? { adapter } : {}),
          dtype: info.dtype,
          batching,
          sessions: info.sessions,
          intraOpThreads: layout.intraOpThreads,
          layout: layoutReason,
          wordEmbeddings: info.wordEmbeddings,
          expressSession: !info.expressLane
            ? 'off'
            : config.SIEVE_EXPRESS_SESSION === 'preload'
              ? 'loaded'
              : 'loads when tenants first contend',
        },
        'model loaded',
      );
      // Said once at load, where whoever started the worker looks: "I love this" answered neutral is no bug.
      if (info.synthetic)
        log.warn({ dir: entry.path }, 'synthetic model: random weights, answers mean nothing');
      const cancellation = new RequestCancellation(redis, keys);
      const runner = new BatchRunner({
        assembler: new BatchAssembler<QueuedText>({
          maxBatchTexts: batching.maxBatchTexts,
          maxBatchTokens: batching.maxBatchTokens,
          maxWaitMs: batching.maxWaitMs,
          // Arrival order stays the unbounded baseline: a padding bound would make it skip texts.
          ...(config.SIEVE_BATCH_ORDERING === 'length' ? { maxPaddingRatio: batching.maxPaddingRatio } : {}),
          ordering: config.SIEVE_BATCH_ORDERING,
          // Tenants share each priority class by weight (padded tokens served), not by arrival order.
          anchorPolicy: new FairShareAnchorPolicy<QueuedText>({
            isolateLaggingTenants: config.SIEVE_FAIR_SHARE_ISOLATION === 'true',
          }),
        }),
        classifier,
        publisher: new ReplyPublisher(redis, keys),
        cancellation,
        cancellationFeed: deps.cancellationFeed,
        modelRef: entry.ref,
        log,
        metrics,
      });
      runner.start();
      // Gateways count tokens for tokens-per-minute quotas with this exact tokenizer.
      await new TokenizerExchange(redis, keys).publish(
        info.digest,
        readFileSync(info.files.tokenizer, 'utf8'),
      );
      const headStore = new HeadStore(redis, keys.prefix);
      const heads = new HeadWeightsCache(headStore);
      const consumers = new QueueConsumers({
        keys,
        modelRef: entry.ref,
        redis,
        connect: deps.connect,
        handler: classifyJobHandler({
          classifier,
          runner,
          cancellation,
          cancellationFeed: deps.cancellationFeed,
          metrics,
          modelRef: entry.ref,
          heads,
        }),
        concurrency: config.SIEVE_JOB_CONCURRENCY,
        batchHandler: batchChunkHandler({
          store: deps.batches,
          classifier,
          runner,
          log,
          metrics,
          heads,
        }),
        batchConcurrency: config.SIEVE_BATCH_CHUNK_CONCURRENCY,
        lockDuration: config.SIEVE_LOCK_DURATION_MS,
        stalledInterval: config.SIEVE_STALLED_INTERVAL_MS,
        batchLockDuration: config.SIEVE_BATCH_LOCK_DURATION_MS,
        batchStalledInterval: config.SIEVE_BATCH_STALLED_INTERVAL_MS,
        log,
      });
      await consumers.start();
      const trainer = await HeadTrainer.start({
        keys,
        modelRef: entry.ref,
        connect: deps.connect,
        store: headStore,
        classifier,
        maxBatchTexts: batching.maxBatchTexts,
        maxBatchTokens: batching.maxBatchTokens,
        // Training has no caller waiting on a deadline, and training twice costs more: the batch lock.
        lockDuration: config.SIEVE_BATCH_LOCK_DURATION_MS,
        stalledInterval: config.SIEVE_BATCH_STALLED_INTERVAL_MS,
        log,
      });
      // Its own connection: BullMQ defines its ~50 scripts on any client a Queue is given, and ioredis copies
      // every defined script onto each pipeline made from that client; on the shared connection that made each
      // batch's reply pipeline cost more than the replies themselves.
      const sampler = deps.sampleQueueDepth
        ? new QueueDepthSampler({
            consumers,
            connection: deps.connect(),
            keys,
            modelRef: entry.ref,
            metrics,
            log,
          })
        : undefined;
      sampler?.start();
      return new ModelHost(
        entry,
        classifier,
        runner,
        consumers,
        trainer,
        sampler,
        log,
        unlistProvider,
        adapter,
      );
    } catch (error) {
      unlistProvider();
      await classifier.close();
      throw error;
    }
  }

  /** What the registry announces for this model. */
  get served(): ServedModel {
    const info = this.classifier.info;
    return {
      name: this.entry.name,
      version: this.entry.version,
      digest: info.digest,
      labels: [...info.labels],
      maxLength: info.maxLength,
      dtype: info.dtype,
      executionProvider: info.executionProvider,
      ...(this.adapter ? { adapter: this.adapter } : {}),
      synthetic: info.synthetic,
    };
  }

  get stats(): BatchRunner['stats'] {
    return this.runner.stats;
  }

  /** What waits here, bounded (at most `limit` groups of texts and of queues) to keep the heartbeat small. */
  backlog(limit: number): ModelBacklog {
    const pending = this.runner.backlog(limit);
    const queued = this.sampler?.latest(limit) ?? { queued: [], truncated: false };
    return {
      model: this.entry.ref,
      pending: pending.groups,
      queued: queued.queued,
      truncated: pending.truncated || queued.truncated,
    };
  }

  /**
   * Graceful stop: take no new jobs, finish the ones held (running their batches without waiting), unload. Bounded:
   * a job that cannot finish must not keep a terminating pod alive; its lock lapses and another worker takes it over.
   */
  async stop(graceMs: number): Promise<void> {
    // Order matters: the runner keeps computing (without waiting for company) while BullMQ stops fetching and waits
    // for the jobs in hand, which finish only as their texts are computed; then the runner can stop.
    this.runner.startDraining();
    let timer: NodeJS.Timeout | undefined;
    const forced = new Promise<'forced'>((resolve) => (timer = setTimeout(() => resolve('forced'), graceMs)));
    const closed = Promise.all([this.consumers.close(), this.trainer.close()]);
    if ((await Promise.race([closed, forced])) === 'forced') {
      this.log.warn({ graceMs }, 'jobs in hand did not finish in time; closing anyway');
      await Promise.all([this.consumers.close(true), this.trainer.close(true)]);
    }
    clearTimeout(timer);
    await this.sampler?.close();
    await this.runner.stop();
    await this.classifier.close();
    this.unlistProvider();
  }
}
