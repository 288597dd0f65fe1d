import { Worker, type Job } from 'bullmq';
import type { BatchChunkJob } from '@sieve/batches';
import type { ClassifyJob, QueueKeys } from '@sieve/queue';
import type { RedisClient } from '@sieve/redis';
import type { Logger } from 'pino';
import { jobLockTiming, type JobLockTiming } from './job-lock-timing.ts';
import { LostJobReport } from './lost-job-report.ts';

export interface QueueConsumerOptions {
  keys: QueueKeys;
  modelRef: string;
  /** For reading the set of tenant queues. */
  redis: RedisClient;
  /** A fresh connection for each BullMQ worker (it needs its own blocking connection). */
  connect: () => RedisClient;
  handler: (job: Job<ClassifyJob>) => Promise<void>;
  concurrency: number;
  /** Batch-job chunks of each tenant, in their own queues (a chunk never holds a slot interactive jobs need). */
  batchHandler?: (job: Job<BatchChunkJob>) => Promise<void>;
  /** Chunks in hand per tenant: enough for the batcher to group lengths, few enough to leave room to others. */
  batchConcurrency?: number;
  /** Interactive jobs: sized to callers' deadlines (see SIEVE_LOCK_DURATION_MS). */
  lockDuration: number;
  stalledInterval: number;
  /** Batch chunks: longer, since running one twice costs more and no caller waits on it. */
  batchLockDuration?: number;
  batchStalledInterval?: number;
  /** How often new tenants' queues are looked for. */
  discoverEveryMs?: number;
  log: Logger;
}

/**
 * Consumes a model's default queue and every tenant's queue of that model, each with its own BullMQ worker, so that
 * a flooding tenant's backlog cannot keep another tenant's jobs out of the batcher's pool; the batcher then shares
 * batches between tenants by weight. New tenants are discovered from the registry set the gateways write.
 */
export class QueueConsumers {
  private readonly options: QueueConsumerOptions;
  private readonly workers = new Map<string, Worker>();
  private readonly lanes = new Map<string, { name: string; tenant: string; kind: 'interactive' | 'batch' }>();
  private timer?: NodeJS.Timeout;
  private closing = false;
  private readonly lostJobs: LostJobReport;

  constructor(options: QueueConsumerOptions) {
    this.options = options;
    this.lostJobs = new LostJobReport(options.log);
  }

  async start(): Promise<void> {
    await this.consume(undefined);
    await this.discover();
    this.timer = setInterval(() => void this.discover(), this.options.discoverEveryMs ?? 1000);
  }

  get queueCount(): number {
    return this.workers.size;
  }

  /** The queues consumed so far: name, whose, and which kind of work. */
  get queues(): Array<{ name: string; tenant: string; kind: 'interactive' | 'batch' }> {
    return [...this.lanes.values()];
  }

  private async discover(): Promise<void> {
    if (this.closing) return;
    let tenants: string[];
    try {
      tenants = await this.options.redis.smembers(this.options.keys.tenantQueues(this.options.modelRef));
    } catch (error) {
      this.options.log.warn({ err: error }, 'cannot list tenant queues');
      return;
    }
    for (const tenant of tenants) await this.consume(tenant);
  }

  private async consume(tenant: string | undefined): Promise<void> {
    const { keys, modelRef, batchHandler } = this.options;
    const interactive = keys.queueName(modelRef, tenant);
    this.lanes.set(interactive, { name: interactive, tenant: tenant ?? '', kind: 'interactive' });
    await this.addWorker(
      interactive,
      this.options.handler,
      this.options.concurrency,
      jobLockTiming(this.options.lockDuration, this.options.stalledInterval),
    );
    if (tenant !== undefined && batchHandler) {
      const batch = keys.batchChunkQueue(modelRef, tenant);
      this.lanes.set(batch, { name: batch, tenant, kind: 'batch' });
      await this.addWorker(
        batch,
        batchHandler,
        this.options.batchConcurrency ?? 2,
        jobLockTiming(
          this.options.batchLockDuration ?? this.options.lockDuration,
          this.options.batchStalledInterval ?? this.options.stalledInterval,
        ),
      );
    }
  }

  private async addWorker<T>(
    name: string,
    handler: (job: Job<T>) => Promise<void>,
    concurrency: number,
    lock: JobLockTiming,
  ): Promise<void> {
    const { keys } = this.options;
    if (this.workers.has(name) || this.closing) return;
    const worker = new Worker<T>(name, handler, {
      connection: this.options.connect(),
      prefix: keys.prefix,
      concurrency,
      ...lock,
      maxStalledCount: 5,
    });
    worker.on('error', (error) => {
      if (!this.lostJobs.note(name, lock.lockDuration, error))
        this.options.log.error({ err: error, queue: name }, 'queue error');
    });
    this.workers.set(name, worker as Worker);
    await worker.waitUntilReady();
    this.options.log.debug({ queue: name }, 'consuming');
  }

  /** Stops fetching and waits for the jobs in hand (or abandons them to their lock with `force`). */
  async close(force = false): Promise<void> {
    this.closing = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.all([...this.workers.values()].map((worker) => worker.close(force)));
    this.lostJobs.flush();
  }
}
