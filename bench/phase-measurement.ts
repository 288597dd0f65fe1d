import { cpuBreakdown, LOAD_GENERATOR, type CpuCost } from './cpu-breakdown.ts';
import { runLoad, type LoadResult, type LoadSpec } from './load-generator.ts';
import { UsageMeter, type ProcessUsage } from './process-usage.ts';
import { batchStatsBetween, readWorkerCounters, type BatchStats } from './worker-batch-stats.ts';

export interface PhaseResult extends LoadResult {
  label: string;
  /** CPU seconds and peak RSS of each process of the contender (and the load generator) over the phase. */
  processes: Record<string, ProcessUsage>;
  cpuSecondsPer1kTexts: number;
  /** Server side only (without the load generator). */
  serverCpuSecondsPer1kTexts: number;
  /** Each process's CPU per text and per call answered, and the contender's processes summed (`server`). */
  cpuMicroseconds?: Record<string, CpuCost>;
  batching?: BatchStats;
}

/** Workers publish their counters once a second: wait for the reading after a phase to include all of it. */
const HEARTBEAT_MS = 1_200;

/** Runs one load shape against a contender, metering its processes (and, for sieve, its workers' batching). */
export async function measurePhase(
  label: string,
  spec: LoadSpec,
  pids: Record<string, number>,
  workers?: { redisUrl: string; prefix: string },
): Promise<PhaseResult> {
  const before = workers ? await readWorkerCounters(workers.redisUrl, workers.prefix) : undefined;
  const meter = new UsageMeter({ ...pids, [LOAD_GENERATOR]: process.pid });
  const load = await runLoad(spec);
  const processes = meter.stop();
  let batching: BatchStats | undefined;
  if (workers && before) {
    await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS));
    batching = batchStatsBetween(before, await readWorkerCounters(workers.redisUrl, workers.prefix));
  }
  const per1k = (names: string[]) =>
    load.texts > 0
      ? +(
          (names.reduce((sum, name) => sum + (processes[name]?.cpuSeconds ?? 0), 0) / load.texts) *
          1000
        ).toFixed(2)
      : 0;
  const all = Object.keys(processes);
  const result: PhaseResult = {
    label,
    ...load,
    processes,
    cpuSecondsPer1kTexts: per1k(all),
    serverCpuSecondsPer1kTexts: per1k(all.filter((name) => name !== LOAD_GENERATOR)),
    cpuMicroseconds: cpuBreakdown(processes, load),
    ...(batching ? { batching } : {}),
  };
  const errors = Object.entries(load.errors)
    .map(([code, n]) => `${code}x${n}`)
    .join(' ');
  console.error(
    `bench:   ${label}: ${load.textsPerSecond} texts/s, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms` +
      (batching
        ? `, padding ${batching.paddingRatio}, mean batch ${batching.meanBatchSize}, ` +
          `${batching.requestsPerJob} requests per job`
        : '') +
      (errors ? `, errors ${errors}` : ''),
  );
  return result;
}
