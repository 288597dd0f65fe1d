// Number formats shared by the Markdown and HTML reports, so that both show the same figure the same way.

const DASH = '–';

/** A ratio in [0, 1] as 0.000; three decimals tell models apart on a few thousand items without false precision. */
export function formatRatio(value: number | null | undefined): string {
  return value === null || value === undefined ? DASH : value.toFixed(3);
}

export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? DASH : `${(100 * value).toFixed(1)} %`;
}

export function formatSeconds(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  return value < 10 ? `${value.toFixed(2)} s` : `${value.toFixed(1)} s`;
}

export function formatRate(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  return value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US');
}

export function formatMs(value: number | null | undefined): string {
  return value === null || value === undefined
    ? DASH
    : `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** An interval as low–high in the ratio format, e.g. 0.712–0.781. */
export function formatInterval(interval: { low: number; high: number } | null | undefined): string {
  return interval ? `${formatRatio(interval.low)}–${formatRatio(interval.high)}` : DASH;
}

/** Memory in MiB; "not measured" rather than a dash, because a missing reading is not a zero. */
export function formatMemory(reading: { residentBytes: number } | null | undefined): string {
  return reading ? `${(reading.residentBytes / 2 ** 20).toFixed(0)} MiB` : 'not measured';
}

/** The level of an interval, e.g. "95 %". */
export function formatLevel(level: number): string {
  return `${Math.round(level * 100)} %`;
}
