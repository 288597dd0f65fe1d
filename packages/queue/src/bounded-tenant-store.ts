import { LuaScript } from '@sieve/redis';
import type { RedisClient } from '@sieve/redis';

const SCRIPTS = {
  write: new LuaScript(new URL('./lua/write-bounded-3.lua', import.meta.url)),
  read: new LuaScript(new URL('./lua/read-bounded-2.lua', import.meta.url)),
};

/**
 * Bytes an entry costs Redis beyond its field and its value's allocation: the hash's and the sorted set's
 * bookkeeping (dict entries, skiplist node, score, the field's own allocations). Measured on Redis 7.0 with MEMORY
 * USAGE: 294 bytes per entry of a 43-byte field and a 59-byte value over 10,000 entries (hash table and skiplist),
 * 187 over 100 (packed listpacks); test/serving/bounded-tenant-store.test.ts prints it.
 */
export const ENTRY_OVERHEAD_BYTES = 187;

/** jemalloc's size classes: 16-byte steps up to 128 bytes, then four classes per doubling. */
function allocation(bytes: number): number {
  if (bytes <= 128) return Math.ceil(bytes / 16) * 16;
  let power = 128;
  while (power * 2 < bytes) power *= 2;
  const step = power / 4;
  return Math.ceil(bytes / step) * step;
}

/**
 * What one entry counts against maxBytes, as write-bounded-3.lua counts it: the field, the value as Redis allocates
 * it (string header, size class) and ENTRY_OVERHEAD_BYTES. Large values cost up to a quarter more than their length
 * (a 25 KB answer takes a 28 KB allocation), which a count of lengths alone would miss.
 */
export function entryBytes(fieldLength: number, valueLength: number): number {
  const header = valueLength >= 65536 ? 10 : valueLength >= 256 ? 6 : 3;
  return fieldLength + allocation(valueLength + header) + ENTRY_OVERHEAD_BYTES;
}

export interface BoundedTenantStoreOptions {
  redis: RedisClient;
  /** The queue prefix: its {hash-tag} keeps every key in the slot of the other keys (Redis Cluster). */
  prefix: string;
  /** Names the structure in its keys, e.g. "rc" (response cache) or "request-id". */
  name: string;
  /** How long an entry lives after it is written. */
  ttlMs: number;
  /** Per tenant: at most this many entries... */
  maxEntries: number;
  /** ...and this many bytes (each entry counted by entryBytes: what it costs Redis); the oldest entries go first. */
  maxBytes: number;
  /**
   * Whether writes may go to Redis now; false while Redis is near its maxmemory (RedisMemoryGuard), so that a
   * cache never takes the memory the cluster's own keys need. Reads go on.
   */
  writable?: () => boolean;
  /** Each write as it ends: stored (with the entries it evicted), held back, or failed (the error is thrown too). */
  onWrite?: (outcome: 'stored' | 'held_back' | 'failed', evicted: number) => void;
}

/** What a write did: `skipped` when writes were held back and nothing was sent. */
export type BoundedWrite =
  | { skipped: false; written: number; evicted: number; entries: number; bytes: number }
  | { skipped: true };

/**
 * Per tenant, a map of entries that no tenant can grow past its bounds: a hash of field -> value and a sorted set
 * ordering the fields by expiry, with a count of their bytes. One Lua script writes, drops expired entries and
 * evicts the oldest until the tenant's structure is within both bounds, so the memory one tenant can make Redis
 * hold is `maxBytes` whatever it sends, and Redis's own eviction (which must stay `noeviction` for the queues)
 * never has to choose. Every key of a tenant expires once its last entry has, so idle tenants cost nothing.
 * Callers choose the fields: they should be fixed-size keyed hashes (KeyedDigest), never caller text.
 */
export class BoundedTenantStore {
  constructor(private readonly options: BoundedTenantStoreOptions) {
    if (!/\{[^{}]+\}/.test(options.prefix)) {
      throw new Error(
        `prefix "${options.prefix}" needs a {hash-tag} so that the keys share one cluster slot`,
      );
    }
  }

  get ttlMs(): number {
    return this.options.ttlMs;
  }

  /** The tenant's keys, all under the prefix's {hash-tag}. */
  keysOf(tenant: string): { entries: string; order: string; bytes: string } {
    const base = `${this.options.prefix}:${this.options.name}:${tenant}`;
    return { entries: `${base}:entries`, order: `${base}:order`, bytes: `${base}:bytes` };
  }

  /** The values of `fields` (undefined where missing or expired), in order. */
  async read(tenant: string, fields: readonly string[]): Promise<Array<string | undefined>> {
    if (fields.length === 0) return [];
    const { entries, order } = this.keysOf(tenant);
    const values = (await SCRIPTS.read.run(this.options.redis, [entries, order], fields)) as Array<
      string | null
    >;
    return fields.map((_, index) => values[index] ?? undefined);
  }

  /** Stores entries (a field written again moves to the back), then evicts down to the bounds. */
  async write(
    tenant: string,
    entries: ReadonlyArray<readonly [field: string, value: string]>,
  ): Promise<BoundedWrite> {
    if (entries.length === 0) return { skipped: false, written: 0, evicted: 0, entries: 0, bytes: 0 };
    const { ttlMs, maxEntries, maxBytes, redis, writable, onWrite } = this.options;
    if (writable && !writable()) {
      onWrite?.('held_back', 0);
      return { skipped: true };
    }
    const keys = this.keysOf(tenant);
    let reply: [number, number, number, number];
    try {
      reply = (await SCRIPTS.write.run(
        redis,
        [keys.entries, keys.order, keys.bytes],
        [ttlMs, maxEntries, maxBytes, ENTRY_OVERHEAD_BYTES, ...entries.flat()],
      )) as [number, number, number, number];
    } catch (error) {
      onWrite?.('failed', 0);
      throw error;
    }
    const [written, evicted, count, bytes] = reply;
    onWrite?.('stored', evicted);
    return { skipped: false, written, evicted, entries: count, bytes };
  }

  /** What the tenant's structure holds now (expired entries not yet removed included). */
  async usage(tenant: string): Promise<{ entries: number; bytes: number }> {
    const { order, bytes } = this.keysOf(tenant);
    const [entries, counted] = resultsOf(await this.options.redis.multi().zcard(order).get(bytes).exec()) as [
      number,
      string | null,
    ];
    return { entries, bytes: entries === 0 ? 0 : Number(counted ?? 0) };
  }

  /** Deletes everything the tenant has in this structure; answers the number of entries deleted. */
  async purge(tenant: string): Promise<number> {
    const { entries, order, bytes } = this.keysOf(tenant);
    const [count] = resultsOf(
      await this.options.redis.multi().zcard(order).unlink(entries, order, bytes).exec(),
    ) as [number, number];
    return count;
  }
}

/** A transaction's replies, or its first error thrown. */
function resultsOf(replies: Array<[Error | null, unknown]> | null): unknown[] {
  if (!replies) throw new Error('transaction aborted');
  const failed = replies.find(([error]) => error);
  if (failed) throw failed[0];
  return replies.map(([, value]) => value);
}
