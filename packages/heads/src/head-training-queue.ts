import { Queue } from 'bullmq';
import type { QueueKeys } from '@sieve/queue';
import type { RedisClient } from '@sieve/redis';
import type { HeadRecord } from './head-record.ts';

/** The data of a training job; the examples stay in Redis under the head's id. */
export interface HeadTrainingJob {
  tenant: string;
  headId: string;
}

/** Gives up on a head after this many tries (a worker dying mid-training is one). */
const TRAINING_ATTEMPTS = 3;

/**
 * Puts heads to train on the queue of the model version they were trained on (`heads.<name@version>`), which only
 * workers serving that version consume: training needs that backbone's features. The job id is the head id, so
 * scheduling a head again (a retried Train) adds nothing while its job exists.
 */
export class HeadTrainingScheduler {
  private readonly queues = new Map<string, Queue<HeadTrainingJob>>();

  constructor(private readonly options: { connection: RedisClient; keys: QueueKeys }) {}

  async schedule(record: HeadRecord): Promise<void> {
    const name = this.options.keys.headTrainingQueue(`${record.baseModel}@${record.baseVersion}`);
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue<HeadTrainingJob>(name, {
        connection: this.options.connection,
        prefix: this.options.keys.prefix,
      });
      this.queues.set(name, queue);
    }
    await queue.add(
      'train',
      { tenant: record.tenant, headId: record.id },
      {
        jobId: record.id,
        attempts: TRAINING_ATTEMPTS,
        backoff: { type: 'exponential', delay: 2000 },
        removeOnComplete: true,
        removeOnFail: { age: 7 * 86_400 },
      },
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
