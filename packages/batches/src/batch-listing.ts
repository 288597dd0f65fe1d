import type { RedisClient } from '@sieve/redis';
import type { BatchKeys } from './batch-keys.ts';
import type { BatchRecord, BatchState } from './batch-record.ts';
import { InvalidPageTokenError } from './batch-store.ts';

export interface BatchListingQuery {
  /** One tenant's batches (its own index); undefined for every tenant's. */
  tenant?: string;
  state?: BatchState;
  /** "name" matches every version of the model, "name@version" that one. */
  model?: string;
  pageSize: number;
  pageToken?: string;
}

export interface BatchListingPage {
  /** Newest first; fewer than pageSize when the scan window ran out first. */
  batches: BatchRecord[];
  /** Empty when there is nothing more. */
  nextPageToken: string;
}

/** Index entries one call reads at most: a filter that matches little costs a bounded amount per page. */
export const SCAN_WINDOW = 2000;
const READ_SLICE = 100;
/** Entries looked at from the oldest end per call, dropping those whose record has expired. */
const OLDEST_TRIM = 100;

/**
 * Batch jobs across tenants for the Admin API, newest first, from the index of every tenant's batches (or one
 * tenant's index). Pages continue from a cursor (creation time and id), not an offset, so batches committed while
 * an operator pages through never shift a page. Each call reads at most SCAN_WINDOW index entries, so a page may
 * come back short with a token to go on. Entries whose record has expired are dropped as they are met, and a few
 * at the oldest end on every call: the index has no expiry of its own.
 */
export class BatchListing {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: BatchKeys,
    private readonly read: (batchId: string) => Promise<BatchRecord | undefined>,
  ) {}

  async list(query: BatchListingQuery): Promise<BatchListingPage> {
    const index = query.tenant === undefined ? this.keys.allIndex : this.keys.tenantIndex(query.tenant);
    let cursor = query.pageToken ? decodeCursor(query.pageToken) : undefined;
    const batches: BatchRecord[] = [];
    let scanned = 0;
    await this.trimOldest(index);
    while (scanned < SCAN_WINDOW) {
      const want = Math.min(READ_SLICE, SCAN_WINDOW - scanned);
      // Equal scores come in descending id order, so the ones at or above the cursor's id were on earlier pages.
      const flat = await this.redis.zrevrangebyscore(
        index,
        cursor ? cursor.createdAt : '+inf',
        '-inf',
        'WITHSCORES',
        'LIMIT',
        0,
        want + (cursor ? this.tiesAbove : 0),
      );
      const entries: Array<{ id: string; createdAt: number }> = [];
      for (let i = 0; i < flat.length; i += 2) {
        const entry = { id: flat[i]!, createdAt: Number(flat[i + 1]) };
        if (cursor && entry.createdAt === cursor.createdAt && entry.id >= cursor.id) continue;
        entries.push(entry);
      }
      if (entries.length === 0) return { batches, nextPageToken: '' };
      const taken = entries.slice(0, want);
      const records = await Promise.all(taken.map((entry) => this.read(entry.id)));
      const gone: string[] = [];
      for (let i = 0; i < taken.length; i++) {
        const entry = taken[i]!;
        const record = records[i];
        scanned += 1;
        cursor = entry;
        if (!record) {
          gone.push(entry.id);
          continue;
        }
        if (!matches(record, query)) continue;
        batches.push(record);
        if (batches.length === query.pageSize) {
          if (gone.length > 0) await this.redis.zrem(index, ...gone);
          return { batches, nextPageToken: encodeCursor(cursor) };
        }
      }
      if (gone.length > 0) await this.redis.zrem(index, ...gone);
    }
    return { batches, nextPageToken: cursor ? encodeCursor(cursor) : '' };
  }

  /**
   * Batches committed within one millisecond share a score; a window this much larger skips past those the cursor
   * has seen. More commits than this in one millisecond do not happen (each is an upload and a Lua script).
   */
  private readonly tiesAbove = 64;

  private async trimOldest(index: string): Promise<void> {
    const oldest = await this.redis.zrange(index, 0, OLDEST_TRIM - 1);
    if (oldest.length === 0) return;
    const alive = await Promise.all(oldest.map((id) => this.redis.exists(this.keys.record(id))));
    const gone = oldest.filter((_, i) => alive[i] === 0);
    if (gone.length > 0) await this.redis.zrem(index, ...gone);
  }
}

function matches(record: BatchRecord, query: BatchListingQuery): boolean {
  if (record.state === 'uploading') return false;
  if (query.tenant !== undefined && record.tenant !== query.tenant) return false;
  if (query.state && record.state !== query.state) return false;
  if (query.model) {
    const exact = query.model.includes('@');
    if (exact ? record.model !== query.model : !record.model.startsWith(`${query.model}@`)) return false;
  }
  return true;
}

function encodeCursor(cursor: { id: string; createdAt: number }): string {
  return Buffer.from(`c:${cursor.createdAt}:${cursor.id}`).toString('base64url');
}

function decodeCursor(token: string): { id: string; createdAt: number } {
  const match = /^c:(\d+):(b-[a-z0-9]{8,40})$/.exec(Buffer.from(token, 'base64url').toString());
  if (!match) throw new InvalidPageTokenError(token);
  return { createdAt: Number(match[1]), id: match[2]! };
}
