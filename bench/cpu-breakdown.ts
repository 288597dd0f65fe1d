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
  /** The part of it on the process's event-loop thread, where that was read (never for `server`). */
  eventLoop?: { perTextUs: number; perCallUs: number };
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
    const { cpuSeconds, mainThreadCpuSeconds } = processes[name]!;
    out[name] = {
      ...cost(cpuSeconds),
      ...(mainThreadCpuSeconds !== undefined ? { eventLoop: cost(mainThreadCpuSeconds) } : {}),
    };
    if (name !== LOAD_GENERATOR) server += cpuSeconds;
  }
  out[SERVER_TOTAL] = cost(server);
  return out;
}

const isWorker = (name: string) => name.startsWith('worker');

/**
 * CPU per text outside the workers' inference: every process but the workers, and of each worker only its event
 * loop (the rest of a worker's CPU is its session threads, and a few of V8's and libuv's). With a real model this is
 * what serving adds to the computation, and what an in-process loop does not pay; the load generator is in it, as
 * every caller pays its side of a call. Undefined where a worker's event loop was not read.
 */
export function servingOverhead(
  cost: Record<string, CpuCost>,
): { perTextUs: number; ofTotalUs: number; parts: Array<[string, number]> } | undefined {
  const names = orderedProcessNames(Object.keys(cost)).filter((name) => name !== SERVER_TOTAL);
  const parts: Array<[string, number]> = [];
  let total = 0;
  for (const name of names) {
    const c = cost[name]!;
    total += c.perTextUs;
    if (!isWorker(name)) parts.push([name, c.perTextUs]);
    else if (c.eventLoop) parts.push([`${name} event loop`, c.eventLoop.perTextUs]);
    else return undefined;
  }
  if (!names.some(isWorker)) return undefined;
  return { perTextUs: parts.reduce((sum, [, us]) => sum + us, 0), ofTotalUs: total, parts };
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
