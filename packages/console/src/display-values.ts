// How the console writes numbers, times and digests. Pure (no DOM), so that it is tested under Node.

/** proto3 JSON writes uint64 as a string; absent fields are absent. */
export function countOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return 0;
}

/** 1234567 → "1,234,567" without the locale's surprises (the screenshots and tests read the same everywhere). */
export function formatCount(value: unknown): string {
  return String(countOf(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A proto3 JSON Duration ("1.5s") in seconds; undefined when it is not one. */
export function secondsOfDuration(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(-?\d+(?:\.\d+)?)s$/.exec(value);
  return match ? Number(match[1]) : undefined;
}

/** Seconds as a person reads a wait: "0.4 s", "42 s", "3 min 5 s", "2 h 10 min". */
export function formatSeconds(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const total = Math.round(seconds);
  if (total < 3600) return `${Math.floor(total / 60)} min ${total % 60} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${Math.floor(minutes / 1440)} d ${Math.floor((minutes % 1440) / 60)} h`;
}

/** "sha256:0123…" or a bare hex digest → its first 12 hex digits, which is how operators compare versions. */
export function shortDigest(digest: unknown): string {
  if (typeof digest !== 'string' || digest === '') return '—';
  const hex = digest.replace(/^sha256:/, '');
  return hex.length > 12 ? `${hex.slice(0, 12)}…` : hex;
}

/** An RFC 3339 timestamp → milliseconds, or undefined. */
export function millisOfTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** How long ago a timestamp was, relative to `nowMs`: "12 s ago". */
export function formatAge(value: unknown, nowMs: number): string {
  const ms = millisOfTimestamp(value);
  if (ms === undefined) return '—';
  return `${formatSeconds(Math.max(0, (nowMs - ms) / 1000))} ago`;
}

/** "2026-12-06 14:03:59 UTC": one zone for everyone reading the same screen or screenshot. */
export function formatTimestamp(value: unknown): string {
  const ms = millisOfTimestamp(value);
  if (ms === undefined) return '—';
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** "MODEL_STATE_SERVING" → "serving": the enum's prefix says nothing on a screen. */
export function enumLabel(value: unknown, prefix: string): string {
  if (typeof value !== 'string' || value === '') return '—';
  return value.startsWith(prefix) ? value.slice(prefix.length).toLowerCase().replace(/_/g, ' ') : value;
}
