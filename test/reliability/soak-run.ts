// A soak: steady load for minutes while the worker's and gateway's memory and open file descriptors are sampled
// from /proc; the slope over the second half (after warm-up) says whether anything leaks.
import { readdirSync, readFileSync } from 'node:fs';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { SieveCluster, tinyModelDir } from '@sieve/testing';

export interface ResourceSample {
  atSeconds: number;
  rssMb: number;
  fds: number;
}

export interface SoakReport {
  minutes: number;
  calls: number;
  errors: number;
  worker: ReturnType<typeof trend>;
  gateway: ReturnType<typeof trend>;
}

function sample(pid: number, atSeconds: number): ResourceSample {
  const statusText = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(statusText)?.[1] ?? 0);
  return { atSeconds, rssMb: rssKb / 1024, fds: readdirSync(`/proc/${pid}/fd`).length };
}

/** Least-squares slope of y over x (per minute when x is in minutes). */
export function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

function trend(samples: ResourceSample[]) {
  const late = samples.slice(Math.floor(samples.length / 2));
  // RSS saw-tooths with garbage collection; the lowest sample of each minute follows what survives collection,
  // which is what a leak makes grow.
  const troughs = new Map<number, number>();
  for (const s of samples) {
    const minute = Math.floor(s.atSeconds / 60);
    troughs.set(minute, Math.min(troughs.get(minute) ?? Infinity, s.rssMb));
  }
  const troughPoints = [...troughs].map(([minute, rss]): [number, number] => [minute, rss]);
  return {
    samples,
    rssSlopeMbPerMin: slope(late.map((s) => [s.atSeconds / 60, s.rssMb])),
    rssTroughSlopeMbPerMin: slope(troughPoints.slice(1)),
    rssRangeMb: [Math.min(...samples.map((s) => s.rssMb)), Math.max(...samples.map((s) => s.rssMb))] as [
      number,
      number,
    ],
    fdSlopePerMin: slope(late.map((s) => [s.atSeconds / 60, s.fds])),
  };
}

export async function runSoak(
  minutes: number,
  log: (line: string) => void = () => undefined,
): Promise<SoakReport> {
  const cluster = await SieveCluster.start({ modelDir: await tinyModelDir(), workers: 1, gateways: 1 });
  const workerPid = cluster.workers[0]!.pid!;
  const gatewayPid = cluster.gateways[0]!.process.pid!;
  const started = Date.now();
  const until = started + minutes * 60_000;
  let calls = 0;
  let errors = 0;
  const client = cluster.gateways[0]!.client;
  const caller = async (c: number) => {
    for (let n = 0; Date.now() < until; n++) {
      await new Promise<void>((resolve) =>
        client.Classify(
          { model: 'tiny', texts: [`soak ${c} ${n} ${'text '.repeat(n % 23)}`, `second ${n}`] },
          new Metadata(),
          { deadline: Date.now() + 10_000 },
          (error) => {
            calls += 1;
            if (error && (error as ServiceError).code !== status.OK) errors += 1;
            resolve();
          },
        ),
      );
    }
  };
  const workerSamples: ResourceSample[] = [];
  const gatewaySamples: ResourceSample[] = [];
  const sampler = setInterval(() => {
    const at = (Date.now() - started) / 1000;
    workerSamples.push(sample(workerPid, at));
    gatewaySamples.push(sample(gatewayPid, at));
    if (workerSamples.length % 12 === 0) {
      log(`soak ${Math.round(at)} s: ${calls} calls, worker ${workerSamples.at(-1)!.rssMb.toFixed(0)} MB`);
    }
  }, 5000);
  try {
    await Promise.all(Array.from({ length: 8 }, (_, c) => caller(c)));
  } finally {
    clearInterval(sampler);
    await cluster.stop();
  }
  return { minutes, calls, errors, worker: trend(workerSamples), gateway: trend(gatewaySamples) };
}
