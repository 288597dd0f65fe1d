import { ReplyStatus } from '@sieve/queue';
import { LuaScript, type RedisClient } from '@sieve/redis';
import { batchKeys, type BatchKeys } from './batch-keys.ts';
import {
  decodeRecord,
  encodeDraft,
  ENDED_STATES,
  type BatchDraft,
  type BatchRecord,
  type BatchState,
} from './batch-record.ts';
import {
  countOutcomes,
  decodeItems,
  decodeResults,
  encodeItems,
  encodeResults,
  type StoredItem,
  type StoredResult,
} from './chunk-encoding.ts';

/** Lua scripts from ./lua, each read once and loaded into Redis once (LuaScript). */
const SCRIPTS = {
  commit: new LuaScript(new URL('./lua/commit-batch-5.lua', import.meta.url)),
  startChunk: new LuaScript(new URL('./lua/start-chunk-1.lua', import.meta.url)),
  writeResults: new LuaScript(new URL('./lua/write-chunk-results-3.lua', import.meta.url)),
  end: new LuaScript(new URL('./lua/end-batch-5.lua', import.meta.url)),
};

export type CommitOutcome =
  | { outcome: 'created'; batchId: string }
  | { outcome: 'existing'; batchId: string }
  /** The staged upload expired before it completed (an upload slower than the staging TTL). */
  | { outcome: 'expired' };

export type ChunkWrite = 'written' | 'duplicate' | 'ended' | 'gone';

export interface BatchPage {
  batches: BatchRecord[];
  /** Empty when there is nothing more. */
  nextPageToken: string;
}

/**
 * The error a finished batch whose every item failed is stored with. Its code is the job contract's (ReplyStatus),
 * handed to the end script rather than written into it, so the wire code has one owner.
 */
const ALL_ITEMS_FAILED = JSON.stringify({
  code: ReplyStatus.INTERNAL,
  message: 'no item could be classified; each result carries its error',
});

/** A concurrent-batch lease held from commit until the batch ends; the end script frees it in the same step. */
export interface BatchLease {
  key: string;
  member: string;
}

/**
 * Batch jobs in Redis: the staged upload, the batch record, its chunks' items and results, the per-tenant index and
 * idempotency keys. Every state change that must not race is one Lua script (commit, start of a chunk, the
 * exactly-once write of a chunk's results, the end), so any number of gateways and workers may act on one batch.
 * Every read is scoped to a tenant: another tenant's batch reads as missing.
 */
export class BatchStore {
  readonly keys: BatchKeys;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {
    this.keys = batchKeys(prefix);
  }

  /** Starts staging an upload; invisible until committed, and gone after `ttlMs` without activity. */
  async stage(draft: BatchDraft, ttlMs: number, now = Date.now()): Promise<void> {
    const key = this.keys.record(draft.id);
    await this.redis.multi().hset(key, encodeDraft(draft, now)).pexpire(key, ttlMs).exec();
  }

  async stageChunk(
    batchId: string,
    index: number,
    items: readonly StoredItem[],
    ttlMs: number,
  ): Promise<void> {
    const itemsKey = this.keys.items(batchId);
    const result = await this.redis
      .multi()
      .hset(itemsKey, String(index), encodeItems(items))
      .pexpire(itemsKey, ttlMs)
      .pexpire(this.keys.record(batchId), ttlMs)
      .exec();
    const failure = result?.find(([error]) => error)?.[0];
    if (failure) throw failure;
  }

  /** Drops an upload that will not be committed (bad input, broken stream). */
  async discard(batchId: string): Promise<void> {
    const state = await this.redis.hget(this.keys.record(batchId), 'state');
    if (state === 'uploading') await this.redis.del(this.keys.record(batchId), this.keys.items(batchId));
  }

  async commit(
    batchId: string,
    tenant: string,
    idempotencyKey: string,
    counts: { total: number; chunks: number },
    lease?: BatchLease,
    now = Date.now(),
  ): Promise<CommitOutcome> {
    const [code, id] = (await SCRIPTS.commit.run(
      this.redis,
      [
        this.keys.record(batchId),
        this.keys.items(batchId),
        this.keys.idempotency(tenant, idempotencyKey),
        this.keys.tenantIndex(tenant),
        this.keys.allIndex,
      ],
      [batchId, now, counts.total, counts.chunks, lease?.key ?? '', lease?.member ?? ''],
    )) as [number, string];
    if (code === 1) return { outcome: 'created', batchId: id };
    if (code === 0) return { outcome: 'existing', batchId: id };
    return { outcome: 'expired' };
  }

  async markScheduled(batchId: string): Promise<void> {
    await this.redis.hset(this.keys.record(batchId), 'scheduled', '1');
  }

  async isScheduled(batchId: string): Promise<boolean> {
    return (await this.redis.hget(this.keys.record(batchId), 'scheduled')) === '1';
  }

  async findByIdempotencyKey(tenant: string, idempotencyKey: string): Promise<BatchRecord | undefined> {
    const id = await this.redis.get(this.keys.idempotency(tenant, idempotencyKey));
    return id ? this.get(tenant, id) : undefined;
  }

  /** The tenant's batch, or undefined when it does not exist, is another tenant's, or is still uploading. */
  async get(tenant: string, batchId: string): Promise<BatchRecord | undefined> {
    const record = await this.read(batchId);
    return record && record.tenant === tenant && record.state !== 'uploading' ? record : undefined;
  }

  /** Unscoped read, for workers acting on a job that names the batch. */
  async read(batchId: string): Promise<BatchRecord | undefined> {
    if (!isBatchId(batchId)) return undefined;
    return decodeRecord(await this.redis.hgetall(this.keys.record(batchId)));
  }

  /** Newest first. Entries whose record expired are dropped from the index as they are met. */
  async list(
    tenant: string,
    options: { pageSize: number; pageToken?: string; state?: BatchState },
  ): Promise<BatchPage> {
    const index = this.keys.tenantIndex(tenant);
    let start = options.pageToken ? decodePageToken(options.pageToken) : 0;
    const batches: BatchRecord[] = [];
    const scan = Math.max(options.pageSize, 50);
    for (;;) {
      const ids = await this.redis.zrevrange(index, start, start + scan - 1);
      if (ids.length === 0) return { batches, nextPageToken: '' };
      const records = await Promise.all(ids.map((id) => this.read(id)));
      const gone: string[] = [];
      for (let i = 0; i < ids.length; i++) {
        const record = records[i];
        start += 1;
        if (!record) {
          gone.push(ids[i]!);
          continue;
        }
        if (record.tenant !== tenant || (options.state && record.state !== options.state)) continue;
        batches.push(record);
        if (batches.length === options.pageSize) {
          if (gone.length > 0) await this.redis.zrem(index, ...gone);
          return { batches, nextPageToken: encodePageToken(start - gone.length) };
        }
      }
      if (gone.length > 0) {
        await this.redis.zrem(index, ...gone);
        start -= gone.length;
      }
    }
  }

  /** A worker is taking a chunk: returns the batch's state then (running, or ended/cancelled: skip the chunk). */
  async startChunk(batchId: string, now = Date.now()): Promise<BatchState | undefined> {
    const state = await SCRIPTS.startChunk.run(this.redis, [this.keys.record(batchId)], [now]);
    return typeof state === 'string' ? (state as BatchState) : undefined;
  }

  async readChunkItems(batchId: string, index: number): Promise<StoredItem[] | undefined> {
    const json = await this.redis.hget(this.keys.items(batchId), String(index));
    return json ? decodeItems(json) : undefined;
  }

  /** Stores a chunk's results exactly once and counts them into the batch. */
  async writeChunkResults(
    batchId: string,
    index: number,
    results: readonly StoredResult[],
  ): Promise<ChunkWrite> {
    const counts = countOutcomes(results);
    const code = await SCRIPTS.writeResults.run(
      this.redis,
      [this.keys.record(batchId), this.keys.items(batchId), this.keys.results(batchId)],
      [index, encodeResults(results), counts.done, counts.failed],
    );
    return code === 1 ? 'written' : code === 0 ? 'duplicate' : code === 2 ? 'ended' : 'gone';
  }

  async hasChunkResults(batchId: string, index: number): Promise<boolean> {
    return (await this.redis.hexists(this.keys.results(batchId), String(index))) === 1;
  }

  /** Results of consecutive chunks; undefined for a chunk with none (not computed yet, or never: cancelled). */
  async readChunkResults(
    batchId: string,
    firstChunk: number,
    count: number,
  ): Promise<Array<StoredResult[] | undefined>> {
    if (count <= 0) return [];
    const fields = Array.from({ length: count }, (_, i) => String(firstChunk + i));
    const values = await this.redis.hmget(this.keys.results(batchId), ...fields);
    return values.map((json) => (json ? decodeResults(json) : undefined));
  }

  /** Every chunk has run: the batch succeeds (or fails if nothing could be classified). */
  finish(batchId: string, now = Date.now()): Promise<BatchState | undefined> {
    return this.end(batchId, 'finish', now);
  }

  /**
   * Deletes every committed batch of the tenant: records, items not yet computed, results, idempotency keys and the
   * tenant's index. Returns how many keys existed. Chunk jobs still queued then find their batch gone and skip it;
   * an upload still streaming is not committed yet, so it is not found here (its staging expires on its own).
   */
  async purgeTenant(tenant: string): Promise<number> {
    const index = this.keys.tenantIndex(tenant);
    const ids = (await this.redis.zrange(index, 0, -1)).filter(isBatchId);
    let deleted = 0;
    for (let i = 0; i < ids.length; i += 100) {
      const slice = ids.slice(i, i + 100);
      // The idempotency key lives as long as its record (the end script gives both one expiry), so the records
      // name every one of them.
      const idempotencyKeys = await Promise.all(
        slice.map((id) => this.redis.hmget(this.keys.record(id), 'tenant', 'idempotencyKey')),
      );
      const keys = slice.flatMap((id, k) => {
        const [owner, idempotencyKey] = idempotencyKeys[k]!;
        if (owner !== null && owner !== tenant) return [];
        return [
          this.keys.record(id),
          this.keys.items(id),
          this.keys.results(id),
          ...(idempotencyKey ? [this.keys.idempotency(tenant, idempotencyKey)] : []),
        ];
      });
      if (keys.length > 0) deleted += await this.redis.del(...keys);
      const owned = slice.filter((_, k) => [null, tenant].includes(idempotencyKeys[k]![0] ?? null));
      if (owned.length > 0) await this.redis.zrem(this.keys.allIndex, ...owned);
    }
    return deleted + (await this.redis.del(index));
  }

  /** Cancels the tenant's batch; undefined when it is not theirs or does not exist. Ended batches stay as they are. */
  async cancel(tenant: string, batchId: string, now = Date.now()): Promise<BatchRecord | undefined> {
    const record = await this.get(tenant, batchId);
    if (!record) return undefined;
    if (!ENDED_STATES.has(record.state)) await this.end(batchId, 'cancel', now);
    return this.get(tenant, batchId);
  }

  private async end(
    batchId: string,
    mode: 'finish' | 'cancel',
    now: number,
  ): Promise<BatchState | undefined> {
    const record = this.keys.record(batchId);
    const [leaseKey, leaseMember, tenant, idempotencyKey] = await this.redis.hmget(
      record,
      'leaseKey',
      'leaseMember',
      'tenant',
      'idempotencyKey',
    );
    if (tenant === null || tenant === undefined) return undefined;
    const state = await SCRIPTS.end.run(
      this.redis,
      [
        record,
        this.keys.items(batchId),
        this.keys.results(batchId),
        this.keys.idempotency(tenant, idempotencyKey ?? ''),
        // A key in the same slot even when there is no lease, so the script's keys stay declared.
        leaseKey || `${this.prefix}:batch-no-lease`,
      ],
      [mode, now, leaseKey ? (leaseMember ?? '') : '', ALL_ITEMS_FAILED],
    );
    return typeof state === 'string' ? (state as BatchState) : undefined;
  }
}

/** Ids this store creates; anything else (a client's garbage) never reaches a Redis key. */
export function isBatchId(id: string): boolean {
  return /^b-[a-z0-9]{8,40}$/.test(id);
}

function encodePageToken(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

function decodePageToken(token: string): number {
  const match = /^o:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  if (!match) throw new InvalidPageTokenError(token);
  return Number(match[1]);
}

export class InvalidPageTokenError extends Error {
  constructor(token: string) {
    super(`page_token "${token.slice(0, 40)}" is not one this server returned`);
    this.name = 'InvalidPageTokenError';
  }
}
