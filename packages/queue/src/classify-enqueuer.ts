import { Queue } from 'bullmq';
import type { ClassifyJob, JobRequest } from './classify-job.ts';
import type { QueueKeys } from './queue-keys.ts';
import type { RedisClient } from '@sieve/redis';

export interface EnqueuerOptions {
  /** Shared by every queue; owned (and closed) by the caller. */
  connection: RedisClient;
  keys: QueueKeys;
  gatewayId: string;
  /** Requests arriving in the same event-loop turn for one model and tenant share a job, up to this many texts. */
  maxTextsPerJob?: number;
}

interface Buffered {
  model: string;
  tenant: string | undefined;
  requests: JobRequest[];
  texts: number;
  settle: Array<(error?: unknown) => void>;
}

/**
 * Gateway side of the queue: one BullMQ queue per served model and tenant (a tenant's backlog never queues in front
 * of another tenant's work; workers share their batches between tenants by weight). Concurrent small requests for
 * the same queue are coalesced into one job per event-loop turn, so a burst of single-text calls costs one Redis
 * round trip, not one each.
 */
export class ClassifyEnqueuer {
  private readonly options: Required<EnqueuerOptions>;
  private readonly queues = new Map<string, Queue<ClassifyJob>>();
  private readonly registered = new Set<string>();
  private readonly buffered = new Map<string, Buffered>();
  private flushScheduled = false;

  constructor(options: EnqueuerOptions) {
    this.options = { maxTextsPerJob: 256, ...options };
  }

  queue(model: string, tenant?: string): Queue<ClassifyJob> {
    const name = this.options.keys.queueName(model, tenant);
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue<ClassifyJob>(name, {
        connection: this.options.connection,
        prefix: this.options.keys.prefix,
        // Jobs carry the callers' texts, so none outlives its work: failed ones are not kept for inspection either.
        defaultJobOptions: { removeOnComplete: true, removeOnFail: true },
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Makes a tenant's queue known to workers (once per process; again after a failure). */
  private async register(model: string, tenant: string | undefined): Promise<void> {
    if (!tenant) return;
    const key = `${model}\0${tenant}`;
    if (this.registered.has(key)) return;
    await this.options.connection.sadd(this.options.keys.tenantQueues(model), tenant);
    this.registered.add(key);
  }

  /** Resolves once the request is in Redis (and so will be answered), rejects if Redis refused it. */
  enqueue(model: string, request: JobRequest): Promise<void> {
    return new Promise((resolve, reject) => {
      const key = `${model}\0${request.tenant ?? ''}`;
      let batch = this.buffered.get(key);
      if (batch && batch.texts + request.texts.length > this.options.maxTextsPerJob) {
        this.flush(key);
        batch = undefined;
      }
      if (!batch) {
        batch = { model, tenant: request.tenant, requests: [], texts: 0, settle: [] };
        this.buffered.set(key, batch);
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
    for (const key of [...this.buffered.keys()]) this.flush(key);
  }

  private flush(key: string): void {
    const batch = this.buffered.get(key);
    if (!batch) return;
    this.buffered.delete(key);
    const priority = Math.min(...batch.requests.map((request) => request.priority));
    this.register(batch.model, batch.tenant)
      .then(() =>
        this.queue(batch.model, batch.tenant).add(
          'classify',
          { gateway: this.options.gatewayId, requests: batch.requests },
          priority > 0 ? { priority } : {},
        ),
      )
      .then(
        () => batch.settle.forEach((settle) => settle()),
        (error: unknown) => batch.settle.forEach((settle) => settle(error)),
      );
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
