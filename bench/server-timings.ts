import type { ClassifyResponse } from '@sieve/api';

type Timings = NonNullable<ClassifyResponse['timings']>;

/** Medians of the answers' own `Timings` over one phase's calls, in ms. */
export interface ServerTimingsP50 {
  /** Accepted by the gateway until it sent the answer: the call's time minus the client-gateway hop both ways. */
  gateway: number;
  /** Gateway to the worker and waiting for a batch to start. */
  queue: number;
  tokenization: number;
  /** The worker's own model execution: compare with the in-process ceiling's to see whether serving slowed it. */
  inference: number;
}

const PARTS = ['total', 'queue', 'tokenization', 'inference'] as const;

/**
 * Collects the timings sieve returns with every answer, so that a report can split a call's latency into the hop
 * to the gateway, the queue, tokenization and inference. Answers without timings (the naive server's) add nothing.
 */
export class ServerTimingsTally {
  private readonly samples: Record<(typeof PARTS)[number], number[]> = {
    total: [],
    queue: [],
    tokenization: [],
    inference: [],
  };

  add(timings: Timings | null | undefined): void {
    if (!timings?.total) return;
    for (const part of PARTS) this.samples[part].push(durationMs(timings[part]));
  }

  p50(): ServerTimingsP50 | undefined {
    if (this.samples.total.length === 0) return undefined;
    const median = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return +sorted[Math.ceil(sorted.length / 2) - 1]!.toFixed(2);
    };
    return {
      gateway: median(this.samples.total),
      queue: median(this.samples.queue),
      tokenization: median(this.samples.tokenization),
      inference: median(this.samples.inference),
    };
  }
}

function durationMs(duration: Timings['total'] | undefined): number {
  return duration ? Number(duration.seconds) * 1000 + duration.nanos / 1e6 : 0;
}
