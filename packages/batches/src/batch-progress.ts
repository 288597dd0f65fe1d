import { ENDED_STATES, type BatchRecord } from './batch-record.ts';

/**
 * Time left, from the average rate since the first chunk started; undefined while nothing is known (not started,
 * nothing done yet) or once the batch has ended. The average over the whole run is steadier than a recent window
 * for batches that share workers with interactive traffic, whose rate swings minute to minute.
 */
export function estimateRemainingMs(record: BatchRecord, now: number): number | undefined {
  if (ENDED_STATES.has(record.state) || record.startedAt === 0) return undefined;
  const processed = record.done + record.failed;
  const elapsed = now - record.startedAt;
  if (processed === 0 || elapsed <= 0) return undefined;
  const remaining = Math.max(0, record.total - processed);
  return Math.round((remaining * elapsed) / processed);
}
