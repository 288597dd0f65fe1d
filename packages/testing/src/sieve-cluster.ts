import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { redisConnection } from '@sieve/redis';
import { readFileSync } from 'node:fs';
import { loadSieveProtos, type ClassifyResponse, type InferenceClient } from '@sieve/api';
import { freePort, RedisServerFixture } from './redis-server.ts';
import { ServiceProcess, type ServiceBuild } from './service-process.ts';

export interface WorkerStats {
  batches: number;
  texts: number;
  realTokens: number;
  paddedTokens: number;
  multiRequestBatches: number;
  jobs: number;
  requests: number;
  skippedExpired: number;
  skippedCancelled: number;
  headTexts: number;
  sharedBackboneBatches: number;
  urgentBatches: number;
  expressBatches: number;
}

/** Any Redis a test starts: one server, or a Redis Cluster. */
export interface RedisFixture {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A whole cluster on loopback for end-to-end tests: its own redis-server, N workers and M gateways as real
 * processes, and gRPC clients to each gateway. Everything it starts, it stops.
 */
export class SieveCluster {
  readonly redis: RedisFixture;
  readonly workers: ServiceProcess[] = [];
  readonly gateways: Array<{ process: ServiceProcess; address: string; client: InferenceClient }> = [];
  readonly prefix = '{sieve-test}';
  private readonly modelDir: string;
  private readonly model: string;

  private constructor(redis: RedisFixture, modelDir: string, model: string) {
    this.redis = redis;
    this.modelDir = modelDir;
    this.model = model;
  }

  static async start(options: {
    modelDir: string;
    model?: string;
    workers?: number;
    gateways?: number;
    workerEnv?: Record<string, string>;
    gatewayEnv?: Record<string, string>;
    /** A Redis started by the caller (ACL, TLS, Redis Cluster); stopped with the cluster. */
    redis?: RedisFixture;
    /** Environment for every service (e.g. REDIS_TLS_CA_FILE). */
    env?: Record<string, string>;
    /** Default: from dist/ (brought up to date first), as images run them; 'sources': through tsx. */
    build?: ServiceBuild;
  }): Promise<SieveCluster> {
    const redis = options.redis ?? (await RedisServerFixture.start());
    const cluster = new SieveCluster(redis, options.modelDir, options.model ?? 'tiny');
    cluster.env = options.env ?? {};
    cluster.build = options.build ?? 'compiled';
    try {
      for (let i = 0; i < (options.workers ?? 1); i++) await cluster.addWorker(options.workerEnv);
      for (let i = 0; i < (options.gateways ?? 1); i++) await cluster.addGateway(options.gatewayEnv);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  private env: Record<string, string> = {};
  private build: ServiceBuild = 'compiled';

  private get common(): Record<string, string> {
    return { REDIS_URL: this.redis.url, SIEVE_QUEUE_PREFIX: this.prefix, ...this.env };
  }

  async addWorker(env: Record<string, string> = {}): Promise<ServiceProcess> {
    const worker = await ServiceProcess.start(
      'worker',
      {
        ...this.common,
        SIEVE_MODEL_DIR: this.modelDir,
        SIEVE_MODEL_NAME: this.model,
        SIEVE_INTRA_OP_THREADS: '1',
        ...env,
      },
      /worker ready/,
      30_000,
      this.build,
    );
    this.workers.push(worker);
    return worker;
  }

  async addGateway(
    env: Record<string, string> = {},
  ): Promise<{ process: ServiceProcess; address: string; client: InferenceClient }> {
    const address = `127.0.0.1:${await freePort()}`;
    const process = await ServiceProcess.start(
      'gateway',
      {
        ...this.common,
        SIEVE_GRPC_ADDRESS: address,
        SIEVE_REGISTRY_REFRESH_MS: '200',
        // Off unless a test asks for it: suites count computed texts, batches and spans of repeated texts.
        SIEVE_RESPONSE_CACHE_TTL_MS: '0',
        ...env,
      },
      /gateway listening/,
      30_000,
      this.build,
    );
    const { grpc } = loadSieveProtos();
    const client = new grpc.sieve.v1.Inference(address, credentials.createInsecure());
    const entry = { process, address, client };
    this.gateways.push(entry);
    return entry;
  }

  classify(
    request: object,
    options: { gateway?: number; deadlineMs?: number } = {},
  ): Promise<ClassifyResponse> {
    const { client } = this.gateways[options.gateway ?? 0]!;
    return new Promise((resolve, reject) =>
      client.Classify(
        request,
        new Metadata(),
        { deadline: Date.now() + (options.deadlineMs ?? 30_000) },
        (error, response) => (error ? reject(error as ServiceError) : resolve(response as ClassifyResponse)),
      ),
    );
  }

  /** Batch counters every live worker published with its last heartbeat, summed. */
  async workerStats(): Promise<WorkerStats> {
    return sumStats((await this.workerInfos()).map((info) => info.stats));
  }

  /**
   * Batch counters from heartbeats every live worker sent at or after `since` (default: now), summed: they count
   * everything the workers had done by then. Waits for those heartbeats (one a second) rather than sleeping for
   * one, which a busy machine can make too short. `timeoutMs` only guards against a worker that never beats.
   */
  async workerStatsAfter(since = Date.now(), timeoutMs = 30_000): Promise<WorkerStats> {
    for (const giveUpAt = Date.now() + timeoutMs; ; ) {
      const infos = await this.workerInfos();
      if (infos.length > 0 && infos.every((info) => info.startedAt >= since)) {
        return sumStats(infos.map((info) => info.stats));
      }
      if (Date.now() > giveUpAt) {
        throw new Error(
          `no heartbeat since ${new Date(since).toISOString()} from every worker within ${timeoutMs} ms: ` +
            JSON.stringify(infos.map((info) => new Date(info.startedAt).toISOString())),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** What every live worker published with its last heartbeat (`startedAt` is when it sent it). */
  private async workerInfos(): Promise<Array<{ startedAt: number; stats: WorkerStats }>> {
    const ca = this.env.REDIS_TLS_CA_FILE;
    const connection = redisConnection({
      url: this.redis.url,
      cluster: this.env.REDIS_CLUSTER === 'true',
      ...(ca ? { tlsCa: readFileSync(ca, 'utf8') } : {}),
    });
    try {
      return Object.values(await connection.hgetall(`${this.prefix}:worker-info`)).map(
        (json) => JSON.parse(json) as { startedAt: number; stats: WorkerStats },
      );
    } finally {
      connection.disconnect();
    }
  }

  async stop(): Promise<void> {
    for (const gateway of this.gateways) gateway.client.close();
    await Promise.all(this.gateways.map((gateway) => gateway.process.kill()));
    await Promise.all(this.workers.map((worker) => worker.kill()));
    await this.redis.close();
  }
}

/** Counters of several workers, summed (a worker that predates a counter counts 0 for it). */
function sumStats(infos: readonly WorkerStats[]): WorkerStats {
  const sum = (key: keyof WorkerStats) => infos.reduce((total, stats) => total + (stats[key] ?? 0), 0);
  return {
    batches: sum('batches'),
    texts: sum('texts'),
    realTokens: sum('realTokens'),
    paddedTokens: sum('paddedTokens'),
    multiRequestBatches: sum('multiRequestBatches'),
    jobs: sum('jobs'),
    requests: sum('requests'),
    skippedExpired: sum('skippedExpired'),
    skippedCancelled: sum('skippedCancelled'),
    headTexts: sum('headTexts'),
    sharedBackboneBatches: sum('sharedBackboneBatches'),
    urgentBatches: sum('urgentBatches'),
    expressBatches: sum('expressBatches'),
  };
}
