import { Queue } from 'bullmq';
import type { RedisClient } from './redis-connection.ts';
import type { ClassifyJob, JobRequest } from './classify-job.ts';
import type { QueueKeys } from './queue-keys.ts';

export interface EnqueuerOptions {
  /** Shared by every per-model queue; owned (and closed) by the caller. */
  connection: RedisClient;
  keys: QueueKeys;
  gatewayId: string;
  /** Requests arriving in the same event-loop turn for one model share a job, up to this many texts. */
  maxTextsPerJob?: number;
}

/**
 * Gateway side of the queue: one BullMQ queue per served model. Concurrent small requests to the same model are
 * coalesced into one job per event-loop turn, so a burst of single-text calls costs one Redis round trip, not one
 * each.
 */
export class ClassifyEnqueuer {
  private readonly options: Required<EnqueuerOptions>;
  private readonly queues = new Map<string, Queue<ClassifyJob>>();
  private readonly buffered = new Map<
    string,
    { requests: JobRequest[]; texts: number; settle: Array<(error?: unknown) => void> }
  >();
  private flushScheduled = false;

  constructor(options: EnqueuerOptions) {
    this.options = { maxTextsPerJob: 256, ...options };
  }

  queue(model: string): Queue<ClassifyJob> {
    let queue = this.queues.get(model);
    if (!queue) {
      queue = new Queue<ClassifyJob>(this.options.keys.queueName(model), {
        connection: this.options.connection,
        prefix: this.options.keys.prefix,
        defaultJobOptions: { removeOnComplete: true, removeOnFail: { age: 3600 } },
      });
      this.queues.set(model, queue);
    }
    return queue;
  }

  /** Resolves once the request is in Redis (and so will be answered), rejects if Redis refused it. */
  enqueue(model: string, request: JobRequest): Promise<void> {
    return new Promise((resolve, reject) => {
      let batch = this.buffered.get(model);
      if (batch && batch.texts + request.texts.length > this.options.maxTextsPerJob) {
        this.flushModel(model);
        batch = undefined;
      }
      if (!batch) {
        batch = { requests: [], texts: 0, settle: [] };
        this.buffered.set(model, batch);
      }
      batch.requests.push(request);
      batch.texts += request.texts.length;
      batch.settle.push((error) => (error ? reject(error) : resolve()));
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flushAll());
      }
    });
  }

  private flushAll(): void {
    this.flushScheduled = false;
    for (const model of [...this.buffered.keys()]) this.flushModel(model);
  }

  private flushModel(model: string): void {
    const batch = this.buffered.get(model);
    if (!batch) return;
    this.buffered.delete(model);
    const priority = Math.min(...batch.requests.map((request) => request.priority));
    this.queue(model)
      .add(
        'classify',
        { gateway: this.options.gatewayId, requests: batch.requests },
        priority > 0 ? { priority } : {},
      )
      .then(
        () => batch.settle.forEach((settle) => settle()),
        (error: unknown) => batch.settle.forEach((settle) => settle(error)),
      );
  }

  /** Jobs waiting (not yet taken by a worker) for a model, for backpressure. */
  async waitingJobs(model: string): Promise<number> {
    return this.queue(model).getWaitingCount();
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
