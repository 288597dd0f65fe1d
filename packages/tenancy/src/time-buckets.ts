/** Calendar arithmetic for quotas and usage, all in UTC. Pure, so it is tested without Redis or clocks. */

export type UsageGranularity = 'hour' | 'day';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Start of the UTC hour or day holding `time`. */
export function bucketStart(time: Date | number, granularity: UsageGranularity): Date {
  const ms = typeof time === 'number' ? time : time.getTime();
  const size = granularity === 'hour' ? HOUR_MS : DAY_MS;
  return new Date(Math.floor(ms / size) * size);
}

/** Compact bucket label for Redis keys: `2026-11-26T02` (hour) or `2026-11-26` (day). Sorts in time order. */
export function bucketLabel(start: Date, granularity: UsageGranularity): string {
  const iso = start.toISOString();
  return granularity === 'hour' ? iso.slice(0, 13) : iso.slice(0, 10);
}

/** Every bucket start from the one holding `since` up to and including the one holding `until`, in order. */
export function bucketStartsBetween(since: Date, until: Date, granularity: UsageGranularity): Date[] {
  const size = granularity === 'hour' ? HOUR_MS : DAY_MS;
  const starts: Date[] = [];
  for (let t = bucketStart(since, granularity).getTime(); t <= until.getTime(); t += size)
    starts.push(new Date(t));
  return starts;
}

/** Milliseconds from `now` until the next UTC midnight (when a texts-per-day quota resets); always > 0. */
export function msUntilNextUtcDay(now: number): number {
  return DAY_MS - (now % DAY_MS);
}

/** The UTC day holding `now`, as `YYYY-MM-DD`. */
export function utcDayLabel(now: number): string {
  return bucketLabel(bucketStart(now, 'day'), 'day');
}
