/**
 * How a BullMQ worker holds its jobs: the lock, how often lapsed locks are looked for, and how long an idle worker's
 * blocking fetch waits in Redis. BullMQ renews a lock every lockDuration/4 to lockDuration/2, so a worker that stops
 * (dead, frozen, cut off) loses its jobs between lockDuration/2 and lockDuration after it stopped, plus up to one
 * stalled interval before a live worker's check moves them back to the queue.
 *
 * The blocking fetch matters because Redis wakes the client that has waited longest: a frozen worker's fetch, issued
 * before it froze, would take the wake-up of the jobs moved back from it, and they would wait for a live worker's
 * next poll (BullMQ's default 5 s). Ending every fetch before the earliest lapse (lockDuration/3) means a frozen
 * worker has no fetch left in Redis when its jobs move on; it also bounds what any job enqueued meanwhile waits. The
 * cost is an idle poll (one blocking pop and one script) per queue and worker per interval.
 */
export interface JobLockTiming {
  lockDuration: number;
  stalledInterval: number;
  /** BullMQ's `drainDelay`, in seconds: the longest a blocking fetch waits for a job. */
  drainDelay: number;
}

/** BullMQ's own default drainDelay (seconds), kept where the locks are long. */
const DEFAULT_DRAIN_DELAY_S = 5;

export function jobLockTiming(lockDuration: number, stalledInterval: number): JobLockTiming {
  return {
    lockDuration,
    stalledInterval,
    drainDelay: Math.min(DEFAULT_DRAIN_DELAY_S, stalledInterval / 1000, lockDuration / 3000),
  };
}
