import { FlowProducer } from 'bullmq';
import type { QueueKeys } from '@sieve/queue';
import type { RedisClient } from '@sieve/redis';
import type { BatchRecord } from './batch-record.ts';

/** The data of a chunk job: which batch, which chunk. The items themselves stay in the batch's Redis hash. */
export interface BatchChunkJob {
  batchId: string;
  chunk: number;
}

/** The data of a batch's parent job, run once every chunk job has completed. */
export interface BatchParentJob {
  batchId: string;
}

export interface BatchSchedulerOptions {
  /** Owned by the caller. */
  connection: RedisClient;
  keys: QueueKeys;
  /** Tries per chunk before its items are recorded as failed. */
  chunkAttempts?: number;
}

/**
 * Puts a committed batch on BullMQ as a flow: one parent job (finalization) whose children are the chunk jobs, in
 * the tenant's batch queue for the model. Job ids are derived from the batch id, so scheduling the same batch again
 * (a gateway that died between commit and scheduling, then a retried Submit) adds nothing twice.
 */
export class BatchScheduler {
  private readonly flows: FlowProducer;

  constructor(private readonly options: BatchSchedulerOptions) {
    this.flows = new FlowProducer({ connection: options.connection, prefix: options.keys.prefix });
  }

  async schedule(record: BatchRecord): Promise<void> {
    const { keys } = this.options;
    // Workers find tenants' queues through this set (the same one interactive queues use).
    await this.options.connection.sadd(keys.tenantQueues(record.model), record.tenant);
    const attempts = this.options.chunkAttempts ?? 5;
    await this.flows.add({
      name: 'batch',
      queueName: keys.batchParentQueue,
      data: { batchId: record.id } satisfies BatchParentJob,
      opts: { jobId: record.id, removeOnComplete: true, removeOnFail: { age: 7 * 86_400 } },
      children: Array.from({ length: record.chunks }, (_, chunk) => ({
        name: 'chunk',
        queueName: keys.batchChunkQueue(record.model, record.tenant),
        data: { batchId: record.id, chunk } satisfies BatchChunkJob,
        opts: {
          jobId: `${record.id}.${chunk}`,
          attempts,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: true,
          removeOnFail: { age: 7 * 86_400 },
          // A chunk that fails for good (e.g. Redis lost mid-write on every try) must not keep the parent waiting:
          // the finalizer records that chunk's items as failed.
          ignoreDependencyOnFailure: true,
        },
      })),
    });
  }

  async close(): Promise<void> {
    await this.flows.close();
  }
}
