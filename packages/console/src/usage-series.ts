import { countOf, millisOfTimestamp } from './display-values.ts';

/** One point of a tenant's usage chart: the bucket's start and what it counted, summed over models. */
export interface UsagePoint {
  atMs: number;
  requests: number;
  texts: number;
  rejections: number;
}

export interface UsageSummary {
  points: UsagePoint[];
  /** Rejections over the whole range by reason (rate_limit, quota, ...), largest first. */
  rejectionsByReason: Array<{ reason: string; count: number }>;
  texts: number;
  requests: number;
}

/** GetUsage's buckets (one per start time and model) → one point per start time, oldest first. */
export function usageSummaryOf(buckets: ReadonlyArray<Record<string, unknown>>): UsageSummary {
  const byStart = new Map<number, UsagePoint>();
  const reasons = new Map<string, number>();
  let texts = 0;
  let requests = 0;
  for (const bucket of buckets) {
    const atMs = millisOfTimestamp(bucket.startTime);
    if (atMs === undefined) continue;
    const point = byStart.get(atMs) ?? { atMs, requests: 0, texts: 0, rejections: 0 };
    point.requests += countOf(bucket.requests);
    point.texts += countOf(bucket.texts) + countOf(bucket.batchTexts);
    const rejections = (bucket.rejections as Record<string, unknown> | undefined) ?? {};
    for (const [reason, value] of Object.entries(rejections)) {
      const count = countOf(value);
      point.rejections += count;
      reasons.set(reason, (reasons.get(reason) ?? 0) + count);
    }
    byStart.set(atMs, point);
    texts += countOf(bucket.texts) + countOf(bucket.batchTexts);
    requests += countOf(bucket.requests);
  }
  return {
    points: [...byStart.values()].sort((a, b) => a.atMs - b.atMs),
    rejectionsByReason: [...reasons.entries()]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    texts,
    requests,
  };
}

const HOUR_MS = 3600_000;

/**
 * The `hours` hourly slots up to the one holding `nowMs`, oldest first, each with its point or zeros: a chart of
 * the last day keeps its time axis whether the tenant called once or every hour.
 */
export function hourlySlots(points: readonly UsagePoint[], nowMs: number, hours = 24): UsagePoint[] {
  const byHour = new Map(points.map((point) => [Math.floor(point.atMs / HOUR_MS), point]));
  const last = Math.floor(nowMs / HOUR_MS);
  return Array.from({ length: hours }, (_, index) => {
    const hour = last - hours + 1 + index;
    return byHour.get(hour) ?? { atMs: hour * HOUR_MS, requests: 0, texts: 0, rejections: 0 };
  });
}

/**
 * Bars of a chart `width` x `height` (SVG units) for `values` spaced evenly: x, y, w, h of each, scaled so that
 * the largest value fills the height. Drawn as inline SVG by the view: no chart library to load.
 */
export function barGeometry(
  values: readonly number[],
  width: number,
  height: number,
): Array<{ x: number; y: number; w: number; h: number }> {
  if (values.length === 0) return [];
  const max = Math.max(1, ...values);
  const slot = width / values.length;
  const w = Math.max(1, slot * 0.8);
  return values.map((value, index) => {
    const h = (Math.max(0, value) / max) * height;
    return { x: index * slot + (slot - w) / 2, y: height - h, w, h };
  });
}
