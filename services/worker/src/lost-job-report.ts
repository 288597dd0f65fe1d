import type { Logger } from 'pino';

/**
 * What BullMQ says when this worker no longer holds a job: its lock lapsed while the worker made no progress (frozen,
 * paused, cut off from Redis) and a live worker took the job over. The messages are BullMQ's (lock-manager, scripts).
 */
const LOST_JOB_MESSAGES = [
  /^could not renew lock for job (\S+)$/,
  /^Missing key for job (\S+)\. /,
  /^Missing lock for job (\S+)\. /,
  /^Job (\S+) is not in the active state\. /,
  /^Lock mismatch for job (\S+)\. /,
];

/** The job an error says this worker lost, or undefined for any other error (pure). */
export function lostJobOf(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : '';
  for (const pattern of LOST_JOB_MESSAGES) {
    const id = pattern.exec(message)?.[1];
    if (id !== undefined) return id;
  }
  return undefined;
}

/** Ids named in one report line, at most. */
const IDS_SHOWN = 20;

/**
 * Reports the jobs a worker lost to another as one warning per queue and second, not an error with a stack per job
 * and per failed command (a worker that wakes up holding 256 jobs would print 768). Losing a job is expected after a
 * stall and harmless: the other worker answers, and the gateway keeps the first reply for a request.
 */
export class LostJobReport {
  private readonly lost = new Map<string, { ids: Set<string>; lockDuration: number }>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly log: Logger,
    private readonly flushMs = 1000,
  ) {}

  /** Whether `error` says a job of `queue` was lost (then noted for the next line). */
  note(queue: string, lockDuration: number, error: unknown): boolean {
    const id = lostJobOf(error);
    if (id === undefined) return false;
    const entry = this.lost.get(queue) ?? { ids: new Set<string>(), lockDuration };
    entry.ids.add(id);
    this.lost.set(queue, entry);
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
    return true;
  }

  /** Writes what was noted (also at close, so that nothing noted goes unsaid). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const [queue, { ids, lockDuration }] of this.lost) {
      this.log.warn(
        { queue, jobs: ids.size, jobIds: [...ids].slice(0, IDS_SHOWN), lockDuration },
        `lost ${ids.size} job(s) to another worker: this worker made no progress for longer than their ` +
          `${lockDuration} ms lock (frozen, paused or cut off from Redis), so a live worker runs them; ` +
          'their callers keep the first answer and any this worker still sends is dropped',
      );
    }
    this.lost.clear();
  }
}
