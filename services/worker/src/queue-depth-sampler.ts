import { Queue } from 'bullmq';
import type { ModelBacklog, QueueKeys } from '@sieve/queue';
import type { RedisClient } from '@sieve/redis';
import type { WorkerMetrics } from '@sieve/telemetry';
import type { Logger } from 'pino';
import type { QueueConsumers } from './queue-consumers.ts';

/**
 * Samples how many jobs wait and run in each queue this worker consumes (per tenant, interactive vs batch) into the
 * `sieve_queue_jobs` gauge: the backlog an autoscaler or an operator looks at. Every worker of a model reports the
 * same numbers, so dashboards take `max` over workers, not the sum.
 */
export class QueueDepthSampler {
  private readonly queues = new Map<string, Queue>();
  private timer?: NodeJS.Timeout;
  /** The last sample, per queue: what the worker's heartbeat tells the Admin API. */
  private readonly sampled = new Map<string, ModelBacklog['queued'][number]>();

  constructor(
    private readonly options: {
      consumers: QueueConsumers;
      connection: RedisClient;
      keys: QueueKeys;
      modelRef: string;
      metrics: WorkerMetrics;
      log: Logger;
      everyMs?: number;
    },
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.sample().catch((error: unknown) =>
        this.options.log.debug({ err: error }, 'queue depth not sampled'),
      );
    }, this.options.everyMs ?? 2000);
  }

  async sample(): Promise<void> {
    const { consumers, connection, keys, modelRef: model, metrics } = this.options;
    for (const lane of consumers.queues) {
      let queue = this.queues.get(lane.name);
      if (!queue) {
        queue = new Queue(lane.name, { connection, prefix: keys.prefix });
        this.queues.set(lane.name, queue);
      }
      const counts = await queue.getJobCounts('waiting', 'prioritized', 'active');
      const labels = { model, tenant: lane.tenant, kind: lane.kind };
      metrics.queueJobs.set(
        { ...labels, state: 'waiting' },
        (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      );
      metrics.queueJobs.set({ ...labels, state: 'active' }, counts.active ?? 0);
      this.sampled.set(lane.name, {
        tenant: lane.tenant,
        kind: lane.kind,
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
        active: counts.active ?? 0,
      });
    }
  }

  /** The last sample of every queue holding jobs, most waiting first, at most `limit` of them. */
  latest(limit: number): { queued: ModelBacklog['queued']; truncated: boolean } {
    const busy = [...this.sampled.values()]
      .filter((queue) => queue.waiting + queue.active > 0)
      .sort((a, b) => b.waiting - a.waiting || b.active - a.active || a.tenant.localeCompare(b.tenant));
    return { queued: busy.slice(0, limit), truncated: busy.length > limit };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
