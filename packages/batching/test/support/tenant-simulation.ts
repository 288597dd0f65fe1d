import {
  BatchAssembler,
  PaddingTally,
  type BatchAssemblerConfig,
  type PendingText,
} from '../../src/index.ts';
import { sampleCorpusTokenLength } from './corpus-token-lengths.ts';
import { SeededRandom } from './seeded-random.ts';

/** How one tenant offers texts to the worker. */
export interface SimulatedTenant {
  readonly name: string;
  readonly priority?: number;
  /**
   * 'backlog': a client that always has more queued than the worker can take: whenever fewer than `depth` of
   * its texts are pending, it adds more (enqueued now), so it is never short of work.
   * 'poisson': independent arrivals, `perMs` texts per simulated ms on average.
   */
  readonly load: { readonly kind: 'backlog'; readonly depth: number } | PoissonLoad;
  /** Active only within [from, until) in simulated ms. */
  readonly from?: number;
  readonly until?: number;
}

interface PoissonLoad {
  readonly kind: 'poisson';
  readonly perMs: number;
}

export interface TenantRun {
  readonly config: BatchAssemblerConfig;
  readonly tenants: readonly SimulatedTenant[];
  /** Simulated ms to run; texts still pending at the end are not counted. */
  readonly durationMs: number;
  readonly seed: number;
  /** Compute per padded token: each batch occupies the worker this long, so time follows padded tokens. */
  readonly msPerPaddedToken?: number;
  /** Called after every released batch, for tests that watch the run as it goes. */
  readonly onBatch?: (batch: readonly PendingText[], startedAt: number, endsAt: number) => void;
}

export interface TenantOutcome {
  readonly served: number;
  /** Padded tokens attributed to the tenant: its texts' tokens times their batch's padded/real ratio. */
  readonly paddedTokens: number;
  /** From enqueue to the release of its batch, simulated ms, sorted. */
  readonly waits: number[];
  readonly p50WaitMs: number;
  readonly p99WaitMs: number;
  readonly maxWaitMs: number;
}

export interface TenantRunResult {
  readonly tenants: Map<string, TenantOutcome>;
  readonly paddingRatio: number;
  readonly batches: number;
}

/**
 * One worker that runs one batch at a time, each taking time proportional to its padded tokens, fed by tenants
 * with their own arrival patterns. Pure and seeded: the same run gives the same numbers on every machine.
 */
export function simulateTenants(run: TenantRun): TenantRunResult {
  const random = new SeededRandom(run.seed);
  const msPerPaddedToken = run.msPerPaddedToken ?? 0.02;
  const assembler = new BatchAssembler(run.config);
  const tally = new PaddingTally();
  const pendingOf = new Map<string, number>();
  const waits = new Map<string, number[]>();
  const tokens = new Map<string, number>();
  const nextArrival = new Map<string, number>();
  for (const tenant of run.tenants) {
    pendingOf.set(tenant.name, 0);
    waits.set(tenant.name, []);
    tokens.set(tenant.name, 0);
    if (tenant.load.kind === 'poisson') {
      nextArrival.set(tenant.name, (tenant.from ?? 0) + exponential(random, tenant.load.perMs));
    }
  }
  let created = 0;
  const make = (tenant: SimulatedTenant, enqueuedAt: number): PendingText => {
    pendingOf.set(tenant.name, pendingOf.get(tenant.name)! + 1);
    return {
      key: `${tenant.name}:${created++}`,
      tokens: sampleCorpusTokenLength(random),
      enqueuedAt,
      tenant: tenant.name,
      ...(tenant.priority === undefined ? {} : { priority: tenant.priority }),
    };
  };
  const activeAt = (tenant: SimulatedTenant, at: number) =>
    at >= (tenant.from ?? 0) && at < (tenant.until ?? Number.POSITIVE_INFINITY);

  /** Adds every arrival up to `now`; returns when the next Poisson arrival is due. */
  const arrive = (now: number): number => {
    const items: PendingText[] = [];
    let upcoming = Number.POSITIVE_INFINITY;
    for (const tenant of run.tenants) {
      if (tenant.load.kind === 'backlog') {
        if (!activeAt(tenant, now)) {
          if ((tenant.from ?? 0) > now) upcoming = Math.min(upcoming, tenant.from ?? 0);
          continue;
        }
        while (pendingOf.get(tenant.name)! < tenant.load.depth) items.push(make(tenant, now));
        continue;
      }
      let at = nextArrival.get(tenant.name)!;
      while (at <= now) {
        if (activeAt(tenant, at)) items.push(make(tenant, at));
        at += exponential(random, tenant.load.perMs);
      }
      nextArrival.set(tenant.name, at);
      if (at < (tenant.until ?? Number.POSITIVE_INFINITY)) upcoming = Math.min(upcoming, at);
    }
    // Arrivals between two batches land in arrival order, as they would have one by one.
    items.sort((a, b) => a.enqueuedAt - b.enqueuedAt);
    assembler.add(items);
    return upcoming;
  };

  let now = 0;
  while (now < run.durationMs) {
    const upcoming = arrive(now);
    const result = assembler.next(now);
    if (result.status !== 'ready') {
      const wakeAt = result.status === 'waiting' ? Math.min(now + result.waitMs, upcoming) : upcoming;
      if (!Number.isFinite(wakeAt)) break;
      now = wakeAt;
      continue;
    }
    const stats = tally.add(result.batch);
    const paddedPerReal = stats.paddedTokens / stats.realTokens;
    for (const text of result.batch) {
      const tenant = text.tenant!;
      pendingOf.set(tenant, pendingOf.get(tenant)! - 1);
      waits.get(tenant)!.push(now - text.enqueuedAt);
      tokens.set(tenant, tokens.get(tenant)! + text.tokens * paddedPerReal);
    }
    const endsAt = now + stats.paddedTokens * msPerPaddedToken;
    run.onBatch?.(result.batch, now, endsAt);
    now = endsAt;
  }

  const tenants = new Map<string, TenantOutcome>();
  for (const tenant of run.tenants) {
    const sorted = waits.get(tenant.name)!.sort((a, b) => a - b);
    tenants.set(tenant.name, {
      served: sorted.length,
      paddedTokens: tokens.get(tenant.name)!,
      waits: sorted,
      p50WaitMs: quantile(sorted, 0.5),
      p99WaitMs: quantile(sorted, 0.99),
      maxWaitMs: sorted.at(-1) ?? 0,
    });
  }
  return { tenants, paddingRatio: tally.stats.ratio, batches: tally.batches };
}

export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
}

function exponential(random: SeededRandom, perMs: number): number {
  return -Math.log(1 - random.next()) / perMs;
}
