import type { ProcessUsage } from './process-usage.ts';

/** The process that drives the load; it runs in the benchmark's own process, so it is reported apart from sieve. */
export const LOAD_GENERATOR = 'load-generator';
/** The contender's processes summed (everything but the load generator): what serving cost. */
export const SERVER_TOTAL = 'server';

export interface CpuCost {
  /** CPU microseconds (user + system, every thread) per text answered in the phase. */
  perTextUs: number;
  /** The same per call answered (a call of 8 texts counts once). */
  perCallUs: number;
}

/**
 * Where a phase's CPU went: each process's CPU time over the phase divided by the texts and the calls answered in
 * it, and the contender's processes summed. Empty when nothing was answered (a phase that only failed says nothing
 * about cost per text).
 */
export function cpuBreakdown(
  processes: Record<string, ProcessUsage>,
  answered: { texts: number; textsPerCall: number },
): Record<string, CpuCost> {
  const { texts, textsPerCall } = answered;
  if (texts <= 0 || textsPerCall <= 0) return {};
  const calls = texts / textsPerCall;
  const cost = (seconds: number): CpuCost => ({
    perTextUs: Math.round((seconds * 1e6) / texts),
    perCallUs: Math.round((seconds * 1e6) / calls),
  });
  const out: Record<string, CpuCost> = {};
  let server = 0;
  for (const name of orderedProcessNames(Object.keys(processes))) {
    const seconds = processes[name]!.cpuSeconds;
    out[name] = cost(seconds);
    if (name !== LOAD_GENERATOR) server += seconds;
  }
  out[SERVER_TOTAL] = cost(server);
  return out;
}

/** gateway(s), worker(s), redis, then anything else, the load generator last: the order the report's columns use. */
export function orderedProcessNames(names: readonly string[]): string[] {
  const rank = (name: string) =>
    name.startsWith('gateway')
      ? 0
      : name.startsWith('worker')
        ? 1
        : name === 'redis'
          ? 2
          : name === LOAD_GENERATOR
            ? 4
            : name === SERVER_TOTAL
              ? 5
              : 3;
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true }));
}
