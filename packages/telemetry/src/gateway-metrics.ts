import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The gateway's metrics: what callers asked, what they got, and what quotas refused. */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'method' | 'code' | 'tenant' | 'model'>;
  readonly requestDuration: Histogram<'method' | 'model'>;
  readonly texts: Counter<'tenant' | 'model'>;
  readonly quotaRejections: Counter<'tenant' | 'limit'>;
  readonly tokens: Counter<'tenant' | 'model'>;
  readonly inferenceSeconds: Counter<'tenant' | 'model'>;
  readonly pendingTexts: Gauge<'model'>;
  readonly redisMemoryRatio: Gauge;
  readonly redisHighWater: Counter;
  readonly cacheWrites: Counter<'store' | 'outcome'>;
  readonly cacheEvictions: Counter<'store'>;
  readonly jobRequests: Histogram;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'sieve_gateway_' });
    this.requests = new Counter({
      name: 'sieve_requests_total',
      help: 'Classify requests answered, by gRPC status code',
      labelNames: ['method', 'code', 'tenant', 'model'],
      registers: [this.registry],
    });
    this.requestDuration = new Histogram({
      name: 'sieve_request_duration_seconds',
      help: 'Time from accepting a request to answering it',
      labelNames: ['method', 'model'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.texts = new Counter({
      name: 'sieve_texts_total',
      help: 'Texts classified for callers',
      labelNames: ['tenant', 'model'],
      registers: [this.registry],
    });
    this.tokens = new Counter({
      name: 'sieve_tokens_total',
      help: 'Tokens classified for callers, counted with the model tokenizer (what tokens-per-minute quotas count)',
      labelNames: ['tenant', 'model'],
      registers: [this.registry],
    });
    this.inferenceSeconds = new Counter({
      name: 'sieve_inference_seconds_total',
      help: "Model execution time of the batches that served a tenant's requests (charge-back)",
      labelNames: ['tenant', 'model'],
      registers: [this.registry],
    });
    this.quotaRejections = new Counter({
      name: 'sieve_quota_rejections_total',
      help: 'Requests refused by a tenant limit',
      labelNames: ['tenant', 'limit'],
      registers: [this.registry],
    });
    this.redisMemoryRatio = new Gauge({
      name: 'sieve_redis_memory_used_ratio',
      help: 'Redis used_memory / maxmemory as this gateway last read it (0: no maxmemory set)',
      registers: [this.registry],
    });
    this.redisHighWater = new Counter({
      name: 'sieve_redis_memory_high_water_total',
      help: 'Times Redis memory crossed the high-water mark, where response-cache and request-id writes stop',
      registers: [this.registry],
    });
    this.cacheWrites = new Counter({
      name: 'sieve_cache_writes_total',
      help: 'Writes of the response cache and the request-id memo: stored, held_back (Redis near maxmemory), failed',
      labelNames: ['store', 'outcome'],
      registers: [this.registry],
    });
    this.cacheEvictions = new Counter({
      name: 'sieve_cache_evictions_total',
      help: "Entries a tenant's bounds (or their TTL) removed from the response cache or the request-id memo",
      labelNames: ['store'],
      registers: [this.registry],
    });
    this.pendingTexts = new Gauge({
      name: 'sieve_pending_texts',
      help: 'Texts accepted by this gateway and not yet answered',
      labelNames: ['model'],
      registers: [this.registry],
    });
    this.jobRequests = new Histogram({
      name: 'sieve_job_requests',
      help: 'Requests each queued job carries: the Redis and worker round trips they share (SIEVE_COALESCE_MAX_MS)',
      buckets: [1, 2, 4, 8, 16, 32, 64],
      registers: [this.registry],
    });
  }
}
