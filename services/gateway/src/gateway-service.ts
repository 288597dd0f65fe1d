import { ServerCredentials, type Server } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { maxMessageBytesOf, type GatewayConfig } from '@sieve/config';
import {
  BoundedTenantStore,
  ClassifyEnqueuer,
  GatewayRegistry,
  queueKeys,
  type QueueKeys,
  ReplySubscriber,
  RequestCancellation,
  RequestIdMemo,
  TokenizerExchange,
  WorkerRegistry,
} from '@sieve/queue';
import {
  checkRedisRequirements,
  RedisMemoryGuard,
  redisConnection,
  type RedisClient,
  type RedisSettings,
} from '@sieve/redis';
import type { GetClusterStatusResponseInit } from '@sieve/api';
import type { Logger } from 'pino';
import { ClassifyDispatcher } from './inference/classify-dispatcher.ts';
import { GatewayDrain } from './edge/gateway-drain.ts';
import { codeNameOf } from './edge/error-status.ts';
import { bindServer, buildGrpcServer, updateHealth } from './edge/gateway-server.ts';
import { gatewayServerCredentials, type GatewayCredentials } from './edge/server-credentials.ts';
import { inferenceService } from './inference/inference-service.ts';
import { ModelCatalog } from './models/model-catalog.ts';
import { OPEN_TENANT, TenantGate } from './edge/tenant-gate.ts';
import { TokenCounter } from './inference/token-counter.ts';
import { adminService } from './admin/admin-service.ts';
import { AdminCredential } from './admin/admin-credential.ts';
import { GatewayMetrics, MetricsServer } from '@sieve/telemetry';
import {
  BufferedUsageRecorder,
  QuotaLedger,
  TenantDirectory,
  TenantFileWatcher,
  TenantStore,
  UsageLedger,
} from '@sieve/tenancy';
import { listedModels, modelsService } from './models/models-service.ts';
import { clusterStatusMessage } from './admin/cluster-status.ts';
import { GatewayHeartbeat } from './gateway-heartbeat.ts';
import { ResponseCache } from './response-cache.ts';
import { cacheKeyDigest } from './cache-key-secret.ts';
import { BatchListing, BatchScheduler, BatchStore } from '@sieve/batches';
import { batchesService } from './batches/batches-service.ts';
import { BatchUpload } from './batches/batch-upload.ts';
import { HeadStore, HeadTrainingScheduler } from '@sieve/heads';
import { HeadResolver } from './heads/head-resolution.ts';
import { HeadTrainingUpload } from './heads/head-training-upload.ts';
import { headsService } from './heads/heads-service.ts';
import { watchModelsFile, type ModelsFile, type ModelsFileError } from '@sieve/model-registry';
import type { WatchedFile } from '@sieve/config';
import { dirname, join, resolve } from 'node:path';
import { ConsoleAssets } from './http/console-assets.ts';
import { GrpcLoopback } from './http/grpc-loopback.ts';
import { HttpGateway } from './http/http-gateway.ts';
import type { HttpSurface } from './http/http-surface.ts';
import { ProtoJson } from './http/proto-json.ts';

/** The gateway's version (TEI's /info, OpenAPI's info.version); package.json is next to src/ and dist/. */
const GATEWAY_VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** After the drain's bound, how long the statuses that end the last calls have to reach their clients. */
const STATUS_FLUSH_MS = 1000;

/** Whether `promise` settled within `ms`; the timer does not outlive the answer. */
async function settledWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Wires the packages into a running gateway; owns and closes every connection and timer it opens. */
export class GatewayService {
  readonly gatewayId: string;
  port = 0;
  private readonly config: GatewayConfig;
  private readonly log: Logger;
  private server?: Server;
  private catalog?: ModelCatalog;
  private enqueuer?: ClassifyEnqueuer;
  private subscriber?: ReplySubscriber;
  /** This gateway in the gateway registry, and the live gateways the cluster status shows. */
  private heartbeat?: GatewayHeartbeat;
  private readonly connections: Array<{ disconnect(): void }> = [];
  private watcher?: TenantFileWatcher;
  private tenants?: TenantStore;
  private readonly metrics = new GatewayMetrics();
  private metricsServer?: MetricsServer;
  private usage?: UsageLedger;
  private usageRecorder?: BufferedUsageRecorder;
  private batchScheduler?: BatchScheduler;
  private headScheduler?: HeadTrainingScheduler;
  private modelsFile?: WatchedFile<ModelsFile, ModelsFileError>;
  private serverCredentials?: GatewayCredentials;
  private memoryGuard?: RedisMemoryGuard;
  private http?: HttpGateway;
  /** The admin plane's own HTTP listener (SIEVE_ADMIN_HTTP_ADDRESS): the Admin API and the console. */
  private adminHttp?: HttpGateway;
  /** The private directory of the Unix socket the HTTP surface reaches the gRPC server through. */
  private loopbackDir?: string;
  private readonly drain = new GatewayDrain();
  private readonly startedAt = Date.now();

  constructor(config: GatewayConfig, log: Logger) {
    this.config = config;
    this.log = log;
    this.gatewayId = config.SIEVE_GATEWAY_ID ?? `g-${randomUUID().slice(0, 8)}`;
  }

  async start(): Promise<void> {
    const config = this.config;
    for (const variable of ['SIEVE_HTTP_ADDRESS', 'SIEVE_ADMIN_HTTP_ADDRESS'] as const) {
      if (!config[variable] || !config.SIEVE_TLS_CLIENT_CA_FILE) continue;
      // Client certificates are an access rule of the gRPC port; plain HTTP beside it would be a way around them.
      throw new Error(
        `${variable} with SIEVE_TLS_CLIENT_CA_FILE: the HTTP surface has no client certificates, so it would ` +
          `bypass them; serve HTTP behind a proxy that checks them, or leave ${variable} unset`,
      );
    }
    // First: a certificate that cannot be served stops the start before anything else is opened.
    this.serverCredentials = await gatewayServerCredentials(config, this.log);
    const keys = queueKeys(config.SIEVE_QUEUE_PREFIX);
    const redisSettings = {
      url: config.REDIS_URL,
      cluster: config.REDIS_CLUSTER === 'true',
      ...(config.REDIS_TLS_CA_FILE ? { tlsCa: readFileSync(config.REDIS_TLS_CA_FILE, 'utf8') } : {}),
    };
    const redis = await this.checkedRedis(redisSettings);
    this.subscriber = await ReplySubscriber.start(redisConnection(redisSettings), keys, this.gatewayId);
    this.enqueuer = new ClassifyEnqueuer({
      connection: redis,
      keys,
      gatewayId: this.gatewayId,
      maxHoldMs: config.SIEVE_COALESCE_MAX_MS,
      onJobAdded: (requests) => this.metrics.jobRequests.observe(requests),
    });
    const knownHealth = new Set<string>();
    // The catalog reports changes from its first refresh on; the health service exists only once the server does.
    const healthRef: { current?: ReturnType<typeof buildGrpcServer>['health'] } = {};
    const catalog = await this.modelCatalog(redis, keys, () => {
      if (healthRef.current) updateHealth(healthRef.current, this.catalog!, knownHealth, this.drain.draining);
    });
    const { responseStore, memo, digest } = await this.boundedStores(redis, keys.prefix);
    const dispatcher = new ClassifyDispatcher({
      gatewayId: this.gatewayId,
      enqueuer: this.enqueuer,
      subscriber: this.subscriber,
      cancellation: new RequestCancellation(redis, keys),
      memo,
      log: this.log,
      maxPendingTexts: config.SIEVE_MAX_PENDING_TEXTS,
      backendReady: () => redis.status === 'ready',
      onPending: (model, texts) => this.metrics.pendingTexts.set({ model }, texts),
    });
    const gate = await this.tenantGate(redisSettings, keys.prefix);
    const batchStore = new BatchStore(redis, keys.prefix);
    this.batchScheduler = new BatchScheduler({ connection: redis, keys });
    const headStore = new HeadStore(redis, keys.prefix);
    this.headScheduler = new HeadTrainingScheduler({ connection: redis, keys });
    const heads = new HeadResolver({ store: headStore, catalog, log: this.log });
    const responseCache = new ResponseCache({
      store: responseStore,
      digest,
      ttlMs: config.SIEVE_RESPONSE_CACHE_TTL_MS,
      ready: () => redis.status === 'ready',
    });
    const built = buildGrpcServer({
      maxMessageBytes: maxMessageBytesOf(config),
      maxConcurrentStreams: config.SIEVE_MAX_CONCURRENT_STREAMS,
      drain: this.drain,
      admission: this.admission(gate),
      limits: {
        maxTextsPerCall: config.SIEVE_MAX_TEXTS_PER_CALL,
        maxItemsPerMessage: config.SIEVE_MAX_ITEMS_PER_MESSAGE,
      },
      services: {
        inference: this.inferenceHandlers({ catalog, dispatcher, gate, heads, responseCache, redis, keys }),
        models: modelsService(catalog, () => this.modelsFile?.value, {
          gate,
          resolver: heads,
          log: this.log,
        }),
        batches: this.batchesHandlers({
          catalog,
          gate,
          heads,
          store: batchStore,
          scheduler: this.batchScheduler,
        }),
        heads: this.headsHandlers({ catalog, gate, heads, store: headStore, scheduler: this.headScheduler }),
        admin: this.adminHandlers({
          batchStore,
          batchListing: new BatchListing(redis, batchStore.keys, (id) => batchStore.read(id)),
          headStore,
          clusterStatus: () =>
            clusterStatusMessage(
              listedModels(catalog, () => this.modelsFile?.value),
              catalog.workers(),
              {
                id: this.gatewayId,
                backendReachable: catalog.backendReachable,
                draining: this.drain.draining,
                startedAt: this.startedAt,
              },
              this.heartbeat?.live ?? [],
            ),
          // A tenant's data includes the answers its request_ids would replay.
          purgeAnswers: async (tenant: string) =>
            (await responseCache.purgeTenant(tenant)) + (await memo.purge(tenant)),
        }),
      },
    });
    healthRef.current = built.health;
    this.server = built.server;
    await this.serve(built, catalog, this.serverCredentials, knownHealth);
    await this.serveHttp(built.server, gate);
    this.heartbeat = new GatewayHeartbeat(
      new GatewayRegistry(redis, keys),
      () => ({ gatewayId: this.gatewayId, startedAt: this.startedAt, draining: this.drain.draining }),
      this.log,
    );
    await this.heartbeat.start();
  }

  /** Fails fast while Redis is unreachable (UNAVAILABLE to the caller) instead of queueing commands in memory. */
  private async checkedRedis(redisSettings: RedisSettings): Promise<RedisClient> {
    const redis = redisConnection(redisSettings, { maxRetriesPerRequest: 1 });
    this.connections.push(redis);
    redis.on('error', (error) => this.log.debug({ err: error }, 'redis connection error'));
    await redis.ping();
    // Before any queue is opened: a Redis that evicts loses jobs, batches and tenants silently.
    await checkRedisRequirements(redis, this.log);
    return redis;
  }

  /** The models the workers serve (their registry), with the models file's default versions when there is one. */
  private async modelCatalog(
    redis: RedisClient,
    keys: QueueKeys,
    onServedChange: () => void,
  ): Promise<ModelCatalog> {
    const config = this.config;
    const catalog = new ModelCatalog(new WorkerRegistry(redis, keys), (models) => {
      this.log.info(
        { models: models.map((m) => `${m.ref} (${m.workers} workers)`) },
        'served models changed',
      );
      onServedChange();
    });
    this.catalog = catalog;
    if (config.SIEVE_MODELS_FILE) {
      const file = resolve(config.SIEVE_MODELS_FILE);
      this.modelsFile = await watchModelsFile({
        file,
        store: dirname(file),
        onChange: () => {
          this.log.info({}, 'models file reloaded');
          void this.catalog?.refresh();
        },
        onError: (error) => this.log.error({ err: error }, 'models file rejected; keeping the previous one'),
      });
      const models = this.modelsFile;
      catalog.useDefaults((name) => models.value.defaultVersion(name));
    }
    return catalog;
  }

  /** Who may call what, before a message is read; Inference calls refused there are counted like answered ones. */
  private admission(gate: TenantGate): Parameters<typeof buildGrpcServer>[0]['admission'] {
    const config = this.config;
    return {
      gate,
      ...(this.tenants && config.SIEVE_ADMIN_TOKEN
        ? { admin: new AdminCredential(config.SIEVE_ADMIN_TOKEN) }
        : {}),
      log: this.log,
      onRefused: (path, code, tenant) => {
        const [, service, method] = path.split('/');
        if (service !== 'sieve.v1.Inference' || !method) return;
        this.metrics.requests.inc({
          method,
          code: codeNameOf(code),
          tenant: tenant ?? 'unknown',
          model: 'unknown',
        });
      },
    };
  }

  private inferenceHandlers(wiring: {
    catalog: ModelCatalog;
    dispatcher: ClassifyDispatcher;
    gate: TenantGate;
    heads: HeadResolver;
    responseCache: ResponseCache;
    redis: RedisClient;
    keys: QueueKeys;
  }) {
    const config = this.config;
    const { redis, keys, ...deps } = wiring;
    return inferenceService({
      ...deps,
      tokenCounter: new TokenCounter(new TokenizerExchange(redis, keys)),
      metrics: this.metrics,
      limits: {
        maxTextsPerCall: config.SIEVE_MAX_TEXTS_PER_CALL,
        maxTextBytes: config.SIEVE_MAX_TEXT_BYTES,
      },
      defaultTimeoutMs: config.SIEVE_DEFAULT_TIMEOUT_MS,
      maxStreamInFlight: config.SIEVE_MAX_STREAM_IN_FLIGHT,
      drain: this.drain,
      traceTexts: config.SIEVE_TRACE_TEXTS === 'true',
      log: this.log,
    });
  }

  private batchesHandlers(wiring: {
    catalog: ModelCatalog;
    gate: TenantGate;
    heads: HeadResolver;
    store: BatchStore;
    scheduler: BatchScheduler;
  }) {
    const config = this.config;
    const { store, gate } = wiring;
    return batchesService({
      store,
      gate,
      log: this.log,
      upload: new BatchUpload({
        ...wiring,
        log: this.log,
        limits: {
          maxTextBytes: config.SIEVE_MAX_TEXT_BYTES,
          chunkTexts: config.SIEVE_BATCH_CHUNK_TEXTS,
          maxBatchTexts: config.SIEVE_BATCH_MAX_TEXTS,
          defaultRetentionMs: config.SIEVE_BATCH_RETENTION_MS,
          maxRetentionMs: config.SIEVE_BATCH_MAX_RETENTION_MS,
          uploadIdleMs: config.SIEVE_BATCH_UPLOAD_IDLE_MS,
        },
      }),
    });
  }

  private headsHandlers(wiring: {
    catalog: ModelCatalog;
    gate: TenantGate;
    heads: HeadResolver;
    store: HeadStore;
    scheduler: HeadTrainingScheduler;
  }) {
    const config = this.config;
    const { catalog, gate, heads, store, scheduler } = wiring;
    return headsService({
      store,
      resolver: heads,
      gate,
      log: this.log,
      upload: new HeadTrainingUpload({
        store,
        scheduler,
        gate,
        catalog,
        log: this.log,
        limits: {
          maxTextBytes: config.SIEVE_MAX_TEXT_BYTES,
          uploadIdleMs: config.SIEVE_BATCH_UPLOAD_IDLE_MS,
        },
      }),
    });
  }

  /** The Admin API, only with tenants from Redis and an admin token. */
  private adminHandlers(wiring: {
    batchStore: BatchStore;
    batchListing: BatchListing;
    headStore: HeadStore;
    clusterStatus: () => GetClusterStatusResponseInit;
    purgeAnswers: (tenant: string) => Promise<number>;
  }) {
    const config = this.config;
    if (!this.tenants || !config.SIEVE_ADMIN_TOKEN) return undefined;
    return adminService({
      store: this.tenants,
      usage: this.usage!,
      usageRecorder: this.usageRecorder!,
      batches: wiring.batchStore,
      heads: wiring.headStore,
      responses: { purgeTenant: wiring.purgeAnswers },
      batchAdmin: { batches: wiring.batchStore, listing: wiring.batchListing },
      headStore: wiring.headStore,
      clusterStatus: wiring.clusterStatus,
      adminToken: config.SIEVE_ADMIN_TOKEN,
      log: this.log,
    });
  }

  /** Health first, then the port: a client that connects hears the served models' state from its first call. */
  private async serve(
    { server, health }: ReturnType<typeof buildGrpcServer>,
    catalog: ModelCatalog,
    credentials: GatewayCredentials,
    knownHealth: Set<string>,
  ): Promise<void> {
    const config = this.config;
    await catalog.start(config.SIEVE_REGISTRY_REFRESH_MS);
    updateHealth(health, catalog, knownHealth);
    // Before any call watches the drain: a health watch hears NOT_SERVING before it is ended.
    this.drain.watch(() => updateHealth(health, catalog, knownHealth, true));
    this.port = await bindServer(server, config.SIEVE_GRPC_ADDRESS, credentials.credentials);
    if (config.SIEVE_METRICS_ADDRESS) {
      this.metricsServer = await MetricsServer.listen(this.metrics.registry, config.SIEVE_METRICS_ADDRESS);
      this.log.info({ port: this.metricsServer.port }, 'metrics at /metrics');
    }
    this.log.info(
      {
        address: config.SIEVE_GRPC_ADDRESS,
        port: this.port,
        gatewayId: this.gatewayId,
        transport: credentials.mode,
      },
      'gateway listening',
    );
  }

  /**
   * HTTP/JSON on its own address, and the admin plane on another where SIEVE_ADMIN_HTTP_ADDRESS is set (the tenant
   * listener then serves neither the Admin API nor the console). Their routes call the gRPC server itself, over a
   * Unix socket in a directory only this user can open (0700), so that every rule of a call is the gRPC one: the
   * socket skips TLS, never the key.
   */
  private async serveHttp(server: Server, gate: TenantGate): Promise<void> {
    const config = this.config;
    const tenantAddress = config.SIEVE_HTTP_ADDRESS;
    const adminAddress = config.SIEVE_ADMIN_HTTP_ADDRESS;
    if (!tenantAddress && !adminAddress) return;
    this.loopbackDir = mkdtempSync(join(tmpdir(), 'sieve-gateway-'));
    const socket = join(this.loopbackDir, 'grpc.sock');
    await bindServer(server, `unix:${socket}`, ServerCredentials.createInsecure());
    const maxMessageBytes = maxMessageBytesOf(config);
    const json = ProtoJson.load();
    const consoleAssets = config.SIEVE_CONSOLE_ENABLED === 'true' ? ConsoleAssets.load() : undefined;
    // Each listener owns its loopback client and closes it with itself.
    const listen = (address: string, surface: HttpSurface) =>
      HttpGateway.listen({
        address,
        addressVariable: surface === 'admin' ? 'SIEVE_ADMIN_HTTP_ADDRESS' : 'SIEVE_HTTP_ADDRESS',
        surface,
        grpc: new GrpcLoopback(socket, maxMessageBytes),
        gate,
        ...(this.tenants && config.SIEVE_ADMIN_TOKEN
          ? { admin: new AdminCredential(config.SIEVE_ADMIN_TOKEN) }
          : {}),
        json,
        maxBodyBytes: maxMessageBytes,
        bodyIdleMs: config.SIEVE_DEFAULT_TIMEOUT_MS,
        itemsPerMessage: Math.min(500, config.SIEVE_MAX_ITEMS_PER_MESSAGE),
        tei: {
          model: config.SIEVE_TEI_MODEL,
          maxConcurrentRequests: config.SIEVE_MAX_PENDING_TEXTS,
          maxClientBatchSize: config.SIEVE_MAX_TEXTS_PER_CALL,
        },
        version: GATEWAY_VERSION,
        log: this.log,
        console: consoleAssets,
      });
    if (tenantAddress) {
      this.http = await listen(tenantAddress, adminAddress ? 'tenant' : 'all');
      this.log.info(
        {
          address: tenantAddress,
          port: this.http.port,
          teiModel: config.SIEVE_TEI_MODEL ?? '(first served)',
          admin: adminAddress ? 'on SIEVE_ADMIN_HTTP_ADDRESS' : 'here',
        },
        'HTTP/JSON listening',
      );
    }
    if (adminAddress) {
      this.adminHttp = await listen(adminAddress, 'admin');
      this.log.info(
        { address: adminAddress, port: this.adminHttp.port, console: consoleAssets !== undefined },
        'admin HTTP listening',
      );
    }
  }

  /**
   * Tenants from the file (watched) and from Redis (Admin API) when a tenants file or an admin token is configured;
   * otherwise open mode, allowed only on a loopback address unless explicitly overridden.
   */
  private async tenantGate(redisSettings: RedisSettings, prefix: string): Promise<TenantGate> {
    const config = this.config;
    // rate-limiter-flexible registers a script command on its client: give the ledger a connection of its own.
    const quotaRedis = redisConnection(redisSettings, { maxRetriesPerRequest: 1 });
    quotaRedis.on('error', () => undefined);
    this.connections.push(quotaRedis);
    const ledger = new QuotaLedger({ redis: quotaRedis, prefix });
    const onRejected = (tenant: string, limit: string) => this.metrics.quotaRejections.inc({ tenant, limit });
    this.usage = new UsageLedger({ redis: quotaRedis, prefix });
    const usage = new BufferedUsageRecorder({
      ledger: this.usage,
      flushMs: config.SIEVE_USAGE_FLUSH_MS,
      onError: (error) => this.log.warn({ err: error }, 'usage not written yet; kept for the next flush'),
    });
    this.usageRecorder = usage;
    const loopbackAddress = (address: string) => {
      const host = address.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
      return host === 'localhost' || host === '::1' || host.startsWith('127.');
    };
    // Open (or keyless) serving is for one machine: on the HTTP addresses as on the gRPC one.
    // The refusals name the address that is not loopback (the gRPC one when every address is).
    const exposed =
      [config.SIEVE_GRPC_ADDRESS, config.SIEVE_HTTP_ADDRESS, config.SIEVE_ADMIN_HTTP_ADDRESS].find(
        (address) => address !== undefined && !loopbackAddress(address),
      ) ?? config.SIEVE_GRPC_ADDRESS;
    const loopback = loopbackAddress(exposed);
    if (!config.SIEVE_TENANTS_FILE && !config.SIEVE_ADMIN_TOKEN) {
      if (!loopback && config.SIEVE_ALLOW_OPEN !== 'true') {
        throw new Error(
          `no tenants configured (SIEVE_TENANTS_FILE or SIEVE_ADMIN_TOKEN) and ${exposed} is not a loopback address: ` +
            'refusing to serve everyone without keys (set SIEVE_ALLOW_OPEN=true to do it anyway)',
        );
      }
      this.log.warn(
        { address: config.SIEVE_GRPC_ADDRESS },
        'no tenants configured: running open, every caller is tenant "default"',
      );
      return new TenantGate({ ledger, usage, log: this.log, onRejected });
    }
    let directory: () => TenantDirectory = () => TenantDirectory.empty();
    if (config.SIEVE_TENANTS_FILE) {
      this.watcher = await TenantFileWatcher.open({
        file: config.SIEVE_TENANTS_FILE,
        onChange: (next) => this.log.info({ tenants: next.tenants().length }, 'tenants file reloaded'),
        onError: (error) => this.log.error({ err: error }, 'tenants file rejected; keeping the previous one'),
      });
      const watcher = this.watcher;
      directory = () => watcher.directory;
    }
    this.tenants = new TenantStore({ redis: this.redisForTenants(redisSettings), prefix, directory });
    const keyless = config.SIEVE_ALLOW_KEYLESS === 'true';
    if (keyless) {
      if (!loopback && config.SIEVE_ALLOW_OPEN !== 'true') {
        throw new Error(
          `SIEVE_ALLOW_KEYLESS=true and ${exposed} is not a loopback address: ` +
            'refusing to serve callers without keys (set SIEVE_ALLOW_OPEN=true to do it anyway)',
        );
      }
      this.log.warn(
        { address: config.SIEVE_GRPC_ADDRESS },
        'SIEVE_ALLOW_KEYLESS: calls without an API key are tenant "default"; calls with a key are authenticated',
      );
    }
    return new TenantGate({
      store: this.tenants,
      ...(keyless ? { keylessTenant: OPEN_TENANT } : {}),
      ledger,
      usage,
      log: this.log,
      onRejected,
    });
  }

  /**
   * The response cache's and the request-id memo's per-tenant stores, keyed by the cache secret, and the guard that
   * holds their writes back while Redis is near its maxmemory (reads go on).
   */
  private async boundedStores(redis: RedisClient, prefix: string) {
    const config = this.config;
    const metrics = this.metrics;
    const guard = new RedisMemoryGuard({
      redis,
      highWater: config.SIEVE_REDIS_HIGH_WATER_PERCENT / 100,
      onReading: ({ ratio }) => metrics.redisMemoryRatio.set(ratio),
      onCrossing: (state, { used, max }) => {
        if (state === 'above') {
          metrics.redisHighWater.inc();
          this.log.warn(
            { usedBytes: used, maxmemory: max, highWaterPercent: config.SIEVE_REDIS_HIGH_WATER_PERCENT },
            'Redis memory above the high-water mark: response-cache and request_id writes stop (reads go on) ' +
              'to keep room for queues and heartbeats; cache and memo writes stop until it falls 5 points below',
          );
        } else {
          this.log.info(
            { usedBytes: used, maxmemory: max },
            'Redis memory below the high-water mark: cache writes resume',
          );
        }
      },
      onError: (error) => this.log.debug({ err: error }, 'Redis memory not read'),
    });
    await guard.start();
    this.memoryGuard = guard;
    const storeOf = (
      name: string,
      label: string,
      bounds: { ttlMs: number; maxEntries: number; maxBytes: number },
    ) =>
      new BoundedTenantStore({
        redis,
        prefix,
        name,
        ...bounds,
        writable: () => guard.writable,
        onWrite: (outcome, evicted) => {
          metrics.cacheWrites.inc({ store: label, outcome });
          if (evicted > 0) metrics.cacheEvictions.inc({ store: label }, evicted);
        },
      });
    const digest = cacheKeyDigest(config, this.log);
    const responseStore = storeOf('rc', 'response_cache', {
      ttlMs: Math.max(1, config.SIEVE_RESPONSE_CACHE_TTL_MS),
      maxEntries: config.SIEVE_RESPONSE_CACHE_MAX_ENTRIES,
      maxBytes: config.SIEVE_RESPONSE_CACHE_MAX_BYTES,
    });
    const memo = new RequestIdMemo(
      storeOf('request-id', 'request_id', {
        ttlMs: config.SIEVE_REQUEST_ID_TTL_MS,
        maxEntries: config.SIEVE_REQUEST_ID_MAX_ENTRIES,
        maxBytes: config.SIEVE_REQUEST_ID_MAX_BYTES,
      }),
      digest,
    );
    return { responseStore, memo, digest };
  }

  private redisForTenants(redisSettings: RedisSettings): RedisClient {
    const connection = redisConnection(redisSettings, { maxRetriesPerRequest: 1 });
    connection.on('error', () => undefined);
    this.connections.push(connection);
    return connection;
  }

  /**
   * Drains, then closes connections. From the first moment nothing new is admitted (health NOT_SERVING for every
   * name, new calls and new stream messages UNAVAILABLE, the listener closed, GOAWAY on every connection); the work
   * admitted is answered and each stream then ends UNAVAILABLE. Past SIEVE_DRAIN_TIMEOUT_MS whatever is still open
   * ends UNAVAILABLE too; only a client that reads nothing more is cut after a last second.
   */
  async stop(): Promise<void> {
    const graceMs = this.config.SIEVE_DRAIN_TIMEOUT_MS;
    this.drain.begin();
    // Other gateways' cluster status shows this one draining from now, not from its next beat.
    void this.heartbeat?.beat();
    this.http?.beginDrain();
    this.adminHttp?.beginDrain();
    const server = this.server;
    if (server) {
      this.log.info({ graceMs }, 'draining: admitting nothing new, answering the work in hand');
      const shutDown = new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      if (!(await settledWithin(shutDown, graceMs))) {
        this.log.warn({ graceMs }, 'calls still open at the end of the drain: ending them with UNAVAILABLE');
        this.drain.close();
        if (!(await settledWithin(shutDown, STATUS_FLUSH_MS))) server.forceShutdown();
      }
    }
    await this.http?.close();
    await this.adminHttp?.close();
    if (this.loopbackDir) rmSync(this.loopbackDir, { recursive: true, force: true });
    await this.metricsServer?.close();
    await this.memoryGuard?.stop();
    this.catalog?.stop();
    await this.watcher?.close();
    this.modelsFile?.close();
    this.serverCredentials?.close();
    await this.enqueuer?.close();
    // Calls are over: write the usage they added before the connection goes.
    await this.usageRecorder
      ?.close()
      .catch((error: unknown) => this.log.error({ err: error }, 'usage of the last moments not written'));
    await this.batchScheduler?.close();
    await this.headScheduler?.close();
    await this.subscriber?.close();
    await this.heartbeat?.stop();
    for (const connection of this.connections) connection.disconnect();
  }
}
