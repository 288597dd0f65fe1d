import type { RedisClient } from './redis-connection.ts';

/** How far below the high-water mark memory must fall before writes resume, so that the state does not flap. */
const HYSTERESIS = 0.05;

/** What one INFO memory said: used_memory and maxmemory in bytes (maxmemory 0: no limit set). */
export interface RedisMemoryReading {
  used: number;
  max: number;
}

/** Parses the fields the guard needs from an `INFO memory` reply. */
export function readMemoryInfo(info: string): RedisMemoryReading {
  const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? 0);
  return { used: field('used_memory'), max: field('maxmemory') };
}

export interface RedisMemoryGuardOptions {
  redis: RedisClient;
  /** Fraction of maxmemory (0..1) above which writes of caches stop; 1 or more: never. */
  highWater: number;
  intervalMs?: number;
  /** Called once per crossing, up (caches stop) and down (they resume), with the reading that crossed. */
  onCrossing?: (state: 'above' | 'below', reading: RedisMemoryReading) => void;
  /** Every reading (for a gauge); `ratio` is used/max, or 0 where Redis has no maxmemory. */
  onReading?: (reading: RedisMemoryReading & { ratio: number }) => void;
  /** A reading that failed (Redis unreachable): the last state stands. */
  onError?: (error: unknown) => void;
}

/**
 * Keeps what Redis must always have room for (heartbeats, queues, leases) safe from what is only nice to have
 * (response cache, request-id memo): reads INFO memory every interval and says writes of the nice-to-have are held
 * back while used_memory is above `highWater` of maxmemory. Per-tenant bounds make one tenant's share finite; their
 * sum over many tenants can still exceed a small Redis, and this covers that. On Redis Cluster every primary is
 * read and the fullest decides, as every sieve key shares one slot but the guard need not know which.
 */
export class RedisMemoryGuard {
  private above = false;
  private timer?: NodeJS.Timeout;
  private reading?: Promise<void>;

  constructor(private readonly options: RedisMemoryGuardOptions) {}

  /** Whether cache writes may go to Redis now. */
  get writable(): boolean {
    return !this.above;
  }

  /** Takes a first reading, then one every interval until stop(). */
  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.options.intervalMs ?? 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.reading;
  }

  /** One reading now (start() runs it every interval); a reading still in progress is not doubled. */
  check(): Promise<void> {
    this.reading ??= this.measure().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async measure(): Promise<void> {
    const { redis, highWater } = this.options;
    let reading: RedisMemoryReading;
    try {
      const nodes = 'nodes' in redis ? redis.nodes('master') : [redis];
      const readings = await Promise.all(
        nodes.map(async (node) => readMemoryInfo(await node.info('memory'))),
      );
      reading = readings.reduce((fullest, next) => (ratioOf(next) > ratioOf(fullest) ? next : fullest));
    } catch (error) {
      this.options.onError?.(error);
      return;
    }
    const ratio = ratioOf(reading);
    this.options.onReading?.({ ...reading, ratio });
    const above = this.above ? ratio >= highWater - HYSTERESIS : ratio >= highWater;
    if (above === this.above) return;
    this.above = above;
    this.options.onCrossing?.(above ? 'above' : 'below', reading);
  }
}

const ratioOf = (reading: RedisMemoryReading) => (reading.max > 0 ? reading.used / reading.max : 0);
