/** A call's deadline in epoch ms: the caller's, capped, or the default when the caller set none. */
export function deadlineOf(call: { getDeadline(): Date | number }, defaultTimeoutMs: number): number {
  const deadline = call.getDeadline();
  const ms = deadline instanceof Date ? deadline.getTime() : deadline;
  const now = Date.now();
  // Capped at 10x the default: a caller's month-long deadline would otherwise overflow Node's 32-bit timers,
  // which then fire at once, and hold quota leases for as long.
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, now + defaultTimeoutMs * 10) : now + defaultTimeoutMs;
}
