import type { RedisClient } from '@sieve/redis';
import { deleteKeys, scanKeys } from './key-scan.ts';
import { tenancyKeys, type TenancyKeys } from './tenancy-keys.ts';
import { TenancyBackendError } from './tenancy-errors.ts';
import { bucketLabel, bucketStart, bucketStartsBetween, type UsageGranularity } from './time-buckets.ts';

/** One observation to add to a tenant's usage (all counts optional; absent = 0). */
export interface UsageRecord {
  tenantId: string;
  model: string;
  requests?: number;
  texts?: number;
  tokens?: number;
  /** Model execution time attributed to the tenant, in milliseconds (may be fractional: stored in microseconds). */
  inferenceMs?: number;
  /** Rejected requests by reason, e.g. { QUOTA_TEXTS_PER_MINUTE: 1 }. */
  rejections?: Record<string, number>;
  batchTexts?: number;
  cachedTexts?: number;
  /** When it happened; default now. */
  time?: Date;
}

/** Usage of one tenant and model in one hour or day (UsageBucket). */
export interface UsageBucket {
  start: Date;
  model: string;
  requests: number;
  texts: number;
  tokens: number;
  inferenceMs: number;
  rejections: Record<string, number>;
  batchTexts: number;
  cachedTexts: number;
}

export interface UsageQuery {
  tenantId: string;
  /** Only this model; absent for every model (one bucket per model and time). */
  model?: string;
  since: Date;
  /** Default now. */
  until?: Date;
  /** Default hour. */
  granularity?: UsageGranularity;
}

export interface UsageLedgerOptions {
  redis: RedisClient;
  prefix: string;
  /** Default 35 days: enough for a monthly report with margin. */
  hourlyTtlSeconds?: number;
  /** Default 400 days: a year over year, with margin. */
  dailyTtlSeconds?: number;
  now?: () => number;
}

const REJECTION_FIELD = 'rejection:';
/** Per-bucket index of the models seen, so reading every model does not SCAN. */
const MODELS_MARKER = '*models';

/**
 * Usage per tenant and model in hourly and daily Redis hashes (HINCRBY, one pipelined MULTI per record, TTL'd).
 * Key: `<prefix>:tenancy:data:<tenant>:usage:<hour|day>:<2026-11-26T02|2026-11-26>:<model>`; a set per bucket
 * (`...:<bucket>:*models`) lists the models for "every model" reads. Everything is scoped by tenant id: a read or a
 * purge can only reach keys under that tenant's data prefix.
 */
export class UsageLedger {
  private readonly keys: TenancyKeys;
  private readonly hourlyTtl: number;
  private readonly dailyTtl: number;
  private readonly now: () => number;

  constructor(private readonly options: UsageLedgerOptions) {
    this.keys = tenancyKeys(options.prefix);
    this.hourlyTtl = options.hourlyTtlSeconds ?? 35 * 86_400;
    this.dailyTtl = options.dailyTtlSeconds ?? 400 * 86_400;
    this.now = options.now ?? Date.now;
  }

  async record(record: UsageRecord): Promise<void> {
    await this.recordMany([record]);
  }

  /** Adds several records in one round trip (a gateway may flush its per-request records every second). */
  async recordMany(records: readonly UsageRecord[]): Promise<void> {
    if (records.length === 0) return;
    const multi = this.options.redis.multi();
    for (const record of records) {
      const time = record.time ?? new Date(this.now());
      for (const granularity of ['hour', 'day'] as const) {
        const label = bucketLabel(bucketStart(time, granularity), granularity);
        const key = this.keys.usage(record.tenantId, granularity, label, record.model);
        const modelsKey = this.keys.usage(record.tenantId, granularity, label, MODELS_MARKER);
        const ttl = granularity === 'hour' ? this.hourlyTtl : this.dailyTtl;
        const add = (field: string, value: number | undefined) => {
          if (value) multi.hincrby(key, field, Math.round(value));
        };
        add('requests', record.requests);
        add('texts', record.texts);
        add('tokens', record.tokens);
        add('inference_us', record.inferenceMs === undefined ? undefined : record.inferenceMs * 1000);
        add('batch_texts', record.batchTexts);
        add('cached_texts', record.cachedTexts);
        for (const [reason, count] of Object.entries(record.rejections ?? {}))
          add(REJECTION_FIELD + reason, count);
        multi.expire(key, ttl);
        multi.sadd(modelsKey, record.model);
        multi.expire(modelsKey, ttl);
      }
    }
    try {
      await multi.exec();
    } catch (error) {
      throw new TenancyBackendError('recording usage', error);
    }
  }

  /** Buckets of one tenant in time order (then by model); buckets with no usage are omitted. */
  async read(query: UsageQuery): Promise<UsageBucket[]> {
    const granularity = query.granularity ?? 'hour';
    const until = query.until ?? new Date(this.now());
    const starts = bucketStartsBetween(query.since, until, granularity);
    const redis = this.options.redis;
    const modelsPerBucket: string[][] = query.model
      ? starts.map(() => [query.model as string])
      : await Promise.all(
          starts.map(async (start) =>
            (
              await redis.smembers(
                this.keys.usage(query.tenantId, granularity, bucketLabel(start, granularity), MODELS_MARKER),
              )
            ).sort(),
          ),
        );
    const pipeline = redis.pipeline();
    const wanted: { start: Date; model: string }[] = [];
    starts.forEach((start, i) => {
      for (const model of modelsPerBucket[i] ?? []) {
        wanted.push({ start, model });
        pipeline.hgetall(
          this.keys.usage(query.tenantId, granularity, bucketLabel(start, granularity), model),
        );
      }
    });
    const results = (await pipeline.exec()) ?? [];
    const buckets: UsageBucket[] = [];
    results.forEach(([error, fields], i) => {
      if (error) throw new TenancyBackendError('reading usage', error);
      const hash = fields as Record<string, string>;
      const where = wanted[i];
      if (!where || Object.keys(hash).length === 0) return;
      buckets.push(toBucket(where.start, where.model, hash));
    });
    return buckets;
  }

  /** Deletes all of a tenant's data in this package's namespace (usage, quota counters, leases). */
  async purgeTenant(tenantId: string): Promise<number> {
    const keys = await scanKeys(this.options.redis, this.keys.tenantDataPattern(tenantId));
    return deleteKeys(this.options.redis, keys);
  }
}

function toBucket(start: Date, model: string, hash: Record<string, string>): UsageBucket {
  const count = (field: string) => Number(hash[field] ?? 0);
  const rejections: Record<string, number> = {};
  for (const [field, value] of Object.entries(hash)) {
    if (field.startsWith(REJECTION_FIELD)) rejections[field.slice(REJECTION_FIELD.length)] = Number(value);
  }
  return {
    start,
    model,
    requests: count('requests'),
    texts: count('texts'),
    tokens: count('tokens'),
    inferenceMs: count('inference_us') / 1000,
    rejections,
    batchTexts: count('batch_texts'),
    cachedTexts: count('cached_texts'),
  };
}
