import { Redis } from 'ioredis';

/** The batch counters every worker publishes with its heartbeat (cumulative since it started). */
export interface WorkerCounters {
  batches: number;
  texts: number;
  realTokens: number;
  paddedTokens: number;
  sizes: Record<string, number>;
  /** Interactive jobs the workers took and the requests in them. */
  jobs: number;
  requests: number;
}

export interface BatchStats {
  batches: number;
  texts: number;
  meanBatchSize: number;
  /** Padded tokens computed / real tokens: 1.0 is no padding at all. */
  paddingRatio: number;
  /** Batch size -> batches of that size. */
  sizes: Record<string, number>;
  /** Requests per interactive job taken (the gateway coalesces concurrent requests into jobs); 0 when none.
   * Absent in reports from before the workers counted jobs. */
  requestsPerJob?: number;
}

/** Sums the workers' counters from the registry (`<prefix>:worker-info`). */
export async function readWorkerCounters(redisUrl: string, prefix: string): Promise<WorkerCounters> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const total: WorkerCounters = {
      batches: 0,
      texts: 0,
      realTokens: 0,
      paddedTokens: 0,
      sizes: {},
      jobs: 0,
      requests: 0,
    };
    for (const json of Object.values(await redis.hgetall(`${prefix}:worker-info`))) {
      const stats = (JSON.parse(json) as { stats: WorkerCounters }).stats;
      total.batches += stats.batches;
      total.texts += stats.texts;
      total.realTokens += stats.realTokens;
      total.paddedTokens += stats.paddedTokens;
      total.jobs += stats.jobs ?? 0;
      total.requests += stats.requests ?? 0;
      for (const [size, count] of Object.entries(stats.sizes ?? {}))
        total.sizes[size] = (total.sizes[size] ?? 0) + count;
    }
    return total;
  } finally {
    redis.disconnect();
  }
}

/** What the workers did between two readings. */
export function batchStatsBetween(before: WorkerCounters, after: WorkerCounters): BatchStats {
  const sizes: Record<string, number> = {};
  for (const [size, count] of Object.entries(after.sizes)) {
    const delta = count - (before.sizes[size] ?? 0);
    if (delta > 0) sizes[size] = delta;
  }
  const batches = after.batches - before.batches;
  const texts = after.texts - before.texts;
  const real = after.realTokens - before.realTokens;
  const jobs = after.jobs - before.jobs;
  return {
    batches,
    texts,
    meanBatchSize: batches > 0 ? +(texts / batches).toFixed(2) : 0,
    paddingRatio: real > 0 ? +((after.paddedTokens - before.paddedTokens) / real).toFixed(3) : 0,
    sizes,
    requestsPerJob: jobs > 0 ? +((after.requests - before.requests) / jobs).toFixed(2) : 0,
  };
}
