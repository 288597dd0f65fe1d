import { freePort, RedisServerFixture, SieveCluster, type ServiceBuild } from '@sieve/testing';
import type { LoadSpec } from './load-generator.ts';
import { runLoad } from './load-generator.ts';
import { measurePhase, type PhaseResult } from './phase-measurement.ts';
import { memoryMb } from './process-usage.ts';

export const BENCH_MODEL = 'bench';

/**
 * Contenders 2, 4 and 5: the whole cluster in `pnpm start`'s topology (a private redis-server, worker processes,
 * a gateway), each a real process, driven over gRPC (and HTTP/JSON for the phases that say so). Variants differ only by the workers' environment: the
 * default length-grouping batcher, `SIEVE_BATCH_ORDERING=fifo`, or `SIEVE_NOOP_INFERENCE=true`.
 */
export class SieveContender {
  private constructor(
    private readonly cluster: SieveCluster,
    private readonly redis: RedisServerFixture,
    private readonly httpAddress: string,
  ) {}

  static async start(options: {
    modelDir: string;
    workers?: number;
    workerEnv: Record<string, string>;
    gatewayEnv?: Record<string, string>;
    /** dist/ with plain Node, as images run it (`pnpm build` first), or the sources through tsx. */
    build: ServiceBuild;
    /** Call metadata for the warm-up (an API key when tenants are configured). */
    metadata?: Record<string, string>;
  }): Promise<SieveContender> {
    const redis = await RedisServerFixture.start();
    const httpAddress = `127.0.0.1:${await freePort()}`;
    const cluster = await SieveCluster.start({
      modelDir: options.modelDir,
      model: BENCH_MODEL,
      workers: options.workers ?? 1,
      redis,
      build: options.build,
      workerEnv: options.workerEnv,
      // The cache stays off unless asked for: closed loops wrap around the texts and would measure Redis instead.
      // HTTP/JSON beside gRPC, for the phases that measure the same load over both.
      gatewayEnv: {
        SIEVE_RESPONSE_CACHE_TTL_MS: '0',
        SIEVE_HTTP_ADDRESS: httpAddress,
        ...options.gatewayEnv,
      },
    });
    const contender = new SieveContender(cluster, redis, httpAddress);
    try {
      await contender.waitUntilServing(options.metadata);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return contender;
  }

  get address(): string {
    return this.cluster.gateways[0]!.address;
  }

  get pids(): Record<string, number> {
    const pids: Record<string, number> = {
      gateway: this.cluster.gateways[0]!.process.pid!,
      redis: this.redis.pid!,
    };
    this.cluster.workers.forEach((worker, i) => (pids[`worker-${i + 1}`] = worker.pid!));
    return pids;
  }

  /** Peak RSS of each process so far (MB). */
  peakRss(): Record<string, number> {
    return Object.fromEntries(
      Object.entries(this.pids).map(([name, pid]) => [name, memoryMb(pid).peakRssMb]),
    );
  }

  measure(label: string, spec: Omit<LoadSpec, 'address' | 'model'>): Promise<PhaseResult> {
    const target = { address: this.address, httpAddress: this.httpAddress, model: BENCH_MODEL };
    return measurePhase(label, { ...spec, ...target }, this.pids, {
      redisUrl: this.redis.url,
      prefix: this.cluster.prefix,
    });
  }

  /** The gateway learns of the worker from the registry: call until it answers, which also warms the session. */
  private async waitUntilServing(metadata?: Record<string, string>): Promise<void> {
    const until = Date.now() + 60_000;
    for (;;) {
      const probe = await runLoad({
        address: this.address,
        model: BENCH_MODEL,
        texts: ['warming up the cluster', 'a second, somewhat longer text to warm up with'],
        calls: 8,
        textsPerCall: 1,
        mode: 'unary',
        concurrency: 4,
        ...(metadata ? { metadata } : {}),
      });
      if (Object.keys(probe.errors).length === 0) return;
      if (Date.now() > until) throw new Error(`the cluster never answered: ${JSON.stringify(probe.errors)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async stop(): Promise<void> {
    await this.cluster.stop();
  }
}
