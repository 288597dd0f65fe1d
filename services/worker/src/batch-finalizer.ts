import { Worker, type Job } from 'bullmq';
import type { BatchParentJob, BatchStore, StoredResult } from '@sieve/batches';
import { ReplyStatus, type QueueKeys } from '@sieve/queue';
import type { RedisClient } from '@sieve/redis';
import type { Logger } from 'pino';
import type { WorkerMetrics } from '@sieve/telemetry';

/**
 * Runs a batch's parent job, which BullMQ releases once every chunk job has completed (or failed for good): a chunk
 * left without results by a failure is recorded as failed item by item, then the batch ends and its retention
 * clock starts. Any worker may run it; ending is idempotent.
 */
export class BatchFinalizer {
  private readonly worker: Worker<BatchParentJob>;

  constructor(options: {
    keys: QueueKeys;
    connection: RedisClient;
    store: BatchStore;
    log: Logger;
    metrics?: WorkerMetrics;
  }) {
    const { store, log, metrics } = options;
    this.worker = new Worker<BatchParentJob>(
      options.keys.batchParentQueue,
      async (job: Job<BatchParentJob>) => {
        const { batchId } = job.data;
        const record = await store.read(batchId);
        if (!record || (record.state !== 'running' && record.state !== 'queued')) return;
        for (let first = 0; first < record.chunks; first += 64) {
          const count = Math.min(64, record.chunks - first);
          const results = await store.readChunkResults(batchId, first, count);
          for (let i = 0; i < count; i++) {
            if (results[i]) continue;
            const items = await store.readChunkItems(batchId, first + i);
            if (!items) continue;
            const failed: StoredResult[] = items.map(([id]) => ({
              id,
              error: { code: ReplyStatus.INTERNAL, message: 'the chunk failed on every attempt' },
            }));
            await store.writeChunkResults(batchId, first + i, failed);
          }
        }
        const state = await store.finish(batchId);
        log.info({ batchId, state, total: record.total }, 'batch ended');
        if (state) metrics?.batchJobsEnded.inc({ model: record.model, tenant: record.tenant, state });
      },
      { connection: options.connection, prefix: options.keys.prefix, concurrency: 4 },
    );
    this.worker.on('error', (error) => log.error({ err: error }, 'batch finalizer queue error'));
  }

  async waitUntilReady(): Promise<void> {
    await this.worker.waitUntilReady();
  }

  async close(force = false): Promise<void> {
    await this.worker.close(force);
  }
}
