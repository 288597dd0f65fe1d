import { LuaScript, type RedisClient } from '@sieve/redis';
import { ApiKeyFormat, type ParsedApiKey } from './api-key-format.ts';
import { ApiKeyHasher } from './api-key-hasher.ts';
import { deleteKeys, scanKeys } from './key-scan.ts';
import { tenancyKeys, type TenancyKeys } from './tenancy-keys.ts';
import {
  ApiKeyNotFoundError,
  AuthenticationError,
  ReadOnlyTenantError,
  TenancyBackendError,
  TenantExistsError,
  TenantNotFoundError,
} from './tenancy-errors.ts';
import { TenantDirectory } from './tenant-directory.ts';
import { tenantFromInput, type TenantInput } from './tenant-input.ts';
import { decodeTenantPageToken, encodeTenantPageToken } from './tenant-page-token.ts';
import type { ApiKeyRecord, TenantEntry, TenantSpec } from './tenant-spec.ts';

export interface TenantStoreOptions {
  redis: RedisClient;
  /** Key prefix holding a `{hash-tag}`, e.g. `{sieve}`. */
  prefix: string;
  /** The current tenants file (e.g. `() => watcher.directory`, so reloads apply at once); default none. */
  directory?: () => TenantDirectory;
  /** last_used is written at most this often per key and process. Default 60 s. */
  lastUsedIntervalMs?: number;
  now?: () => number;
}

/** A successful authentication: the tenant (as of now) and the public id of the key used. */
export interface Authenticated {
  tenant: TenantSpec;
  keyId: string;
  source: TenantEntry['source'];
}

/** A newly issued key: `secret` is the whole key to send as `authorization: Bearer <secret>`; shown only once. */
export interface IssuedKey {
  key: ApiKeyRecord;
  secret: string;
}

/** A page of Admin.ListTenants: `pageSize` at least 1 (the caller bounds it); `pageToken` from the page before. */
export interface TenantPageQuery {
  pageSize: number;
  pageToken?: string;
}

export interface TenantPage {
  /** In id order; one short when a tenant was deleted while the page was read. */
  tenants: TenantEntry[];
  /** Empty on the last page. */
  nextPageToken: string;
}

const CREATE_TENANT = new LuaScript(new URL('./lua/create-tenant-2.lua', import.meta.url));
const INDEX_TENANTS = new LuaScript(new URL('./lua/index-tenants-2.lua', import.meta.url));

export const DEFAULT_ROTATION_GRACE_MS = 24 * 3_600_000;

interface StoredTenant extends Omit<TenantSpec, 'createTime' | 'updateTime'> {
  createTime: string;
  updateTime: string;
}

interface StoredKey extends Omit<ApiKeyRecord, 'createTime' | 'expireTime' | 'lastUsedTime'> {
  createTime?: string;
  expireTime?: string;
}

/**
 * Tenants and API keys: those of the tenants file (read-only here) merged with those created through the Admin API
 * (stored in Redis under `<prefix>:tenancy:def:`). A file tenant shadows a stored one of the same id, and creating a
 * tenant whose id the file uses is refused. Every key operation names the tenant and only reaches that tenant's keys.
 *
 * Presented keys are hashed on arrival; the secret is never logged, stored or put into an error.
 */
export class TenantStore {
  private readonly keys: TenancyKeys;
  private readonly lastUsedKey: string;
  private readonly lastUsedWritten = new Map<string, number>();
  private readonly now: () => number;
  private readonly lastUsedIntervalMs: number;

  constructor(private readonly options: TenantStoreOptions) {
    this.keys = tenancyKeys(options.prefix);
    this.lastUsedKey = `${this.keys.prefix}:tenancy:def:key-last-used`;
    this.now = options.now ?? Date.now;
    this.lastUsedIntervalMs = options.lastUsedIntervalMs ?? 60_000;
  }

  private get directory(): TenantDirectory {
    return this.options.directory?.() ?? TenantDirectory.empty();
  }

  // ---- tenants ----

  async findTenant(id: string): Promise<TenantEntry | undefined> {
    const fromFile = this.directory.tenant(id);
    if (fromFile) return { tenant: fromFile, source: 'file' };
    const stored = await this.backend('reading a tenant', () =>
      this.options.redis.hget(this.keys.tenants, id),
    );
    return stored ? { tenant: parseTenant(stored), source: 'store' } : undefined;
  }

  async getTenant(id: string): Promise<TenantEntry> {
    const entry = await this.findTenant(id);
    if (!entry) throw new TenantNotFoundError(id);
    return entry;
  }

  /**
   * One page of tenants, file and stored merged, in id order, continuing after `pageToken`'s id. Stored tenants are
   * read from their id index (ZRANGEBYLEX, a slice at a time) and only the page's records are fetched, so a page
   * costs the same however many tenants there are. File tenants are in memory already.
   */
  async listTenants(query: TenantPageQuery): Promise<TenantPage> {
    const after = query.pageToken ? decodeTenantPageToken(query.pageToken) : undefined;
    const directory = this.directory;
    const redis = this.options.redis;
    // One more than the page says whether another page follows, so the last page never hands out a token.
    const want = query.pageSize + 1;
    await this.indexStoredTenants();
    const storedIds: string[] = [];
    let from = after;
    // A stored id the file shadows is skipped; there are at most as many of those as file tenants, so this ends.
    for (;;) {
      const slice = await this.backend('listing tenants', () =>
        redis.zrangebylex(this.keys.tenantIds, from === undefined ? '-' : `(${from}`, '+', 'LIMIT', 0, want),
      );
      for (const id of slice) if (!directory.has(id)) storedIds.push(id);
      if (slice.length < want || storedIds.length >= want) break;
      from = slice.at(-1);
    }
    const candidates = [
      ...directory
        .tenants()
        .filter((tenant) => after === undefined || tenant.id > after)
        .map((tenant) => ({ id: tenant.id, tenant })),
      ...storedIds.map((id) => ({ id, tenant: undefined })),
    ]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, want);
    const page = candidates.slice(0, query.pageSize);
    const wanted = page.flatMap((candidate) => (candidate.tenant ? [] : [candidate.id]));
    const stored =
      wanted.length > 0
        ? await this.backend('listing tenants', () => redis.hmget(this.keys.tenants, ...wanted))
        : [];
    const byId = new Map(wanted.map((id, i) => [id, stored[i]] as const));
    const tenants: TenantEntry[] = [];
    for (const candidate of page) {
      if (candidate.tenant) tenants.push({ tenant: candidate.tenant, source: 'file' });
      else {
        // Deleted between the two reads: the page comes back one short.
        const json = byId.get(candidate.id);
        if (json) tenants.push({ tenant: parseTenant(json), source: 'store' });
      }
    }
    const last = page.at(-1);
    return {
      tenants,
      nextPageToken: candidates.length > query.pageSize && last ? encodeTenantPageToken(last.id) : '',
    };
  }

  /**
   * Tenants stored before the id index existed are indexed on the first listing that finds the counts apart (one
   * script, O(tenants), once); createTenant and deleteTenant keep them together after that.
   */
  private async indexStoredTenants(): Promise<void> {
    const redis = this.options.redis;
    const [stored, indexed] = await this.backend('listing tenants', () =>
      Promise.all([redis.hlen(this.keys.tenants), redis.zcard(this.keys.tenantIds)]),
    );
    if (stored === indexed) return;
    await this.backend('indexing tenants', () =>
      INDEX_TENANTS.run(redis, [this.keys.tenants, this.keys.tenantIds], []),
    );
  }

  async createTenant(input: TenantInput): Promise<TenantSpec> {
    const tenant = tenantFromInput(input);
    if (this.directory.has(tenant.id)) throw new TenantExistsError(tenant.id);
    const time = new Date(this.now());
    const created = { ...tenant, createTime: time, updateTime: time };
    const set = await this.backend('creating a tenant', () =>
      CREATE_TENANT.run(
        this.options.redis,
        [this.keys.tenants, this.keys.tenantIds],
        [tenant.id, serializeTenant(created)],
      ),
    );
    if (set === 0) throw new TenantExistsError(tenant.id);
    return created;
  }

  /** Replaces the given fields (the id cannot change). */
  async updateTenant(id: string, changes: Omit<Partial<TenantInput>, 'id'>): Promise<TenantSpec> {
    const { createTime, updateTime: _updated, ...current } = await this.storedTenant(id, 'update it');
    const next = tenantFromInput({ ...current, ...changes, id });
    const updated = { ...next, createTime, updateTime: new Date(this.now()) };
    await this.backend('updating a tenant', () =>
      this.options.redis.hset(this.keys.tenants, id, serializeTenant(updated)),
    );
    return updated;
  }

  /** Removes a stored tenant, its keys and all of its data; returns how many Redis keys were deleted. */
  async deleteTenant(id: string): Promise<number> {
    await this.storedTenant(id, 'delete it');
    return this.backend('deleting a tenant', async () => {
      const redis = this.options.redis;
      const keyIds = await redis.smembers(this.keys.tenantKeyIds(id));
      const multi = redis
        .multi()
        .hdel(this.keys.tenants, id)
        .zrem(this.keys.tenantIds, id)
        .del(this.keys.tenantKeyIds(id));
      if (keyIds.length > 0) multi.hdel(this.keys.apiKeys, ...keyIds).hdel(this.lastUsedKey, ...keyIds);
      await multi.exec();
      const data = await scanKeys(redis, this.keys.tenantDataPattern(id));
      return 1 + (keyIds.length > 0 ? 1 : 0) + (await deleteKeys(redis, data));
    });
  }

  // ---- keys ----

  async issueKey(request: { tenantId: string; name?: string; ttlMs?: number }): Promise<IssuedKey> {
    await this.storedTenant(request.tenantId, 'issue a key');
    const generated = ApiKeyFormat.generate();
    const now = this.now();
    const key: ApiKeyRecord = {
      id: generated.keyId,
      tenantId: request.tenantId,
      name: request.name ?? '',
      hash: ApiKeyHasher.hash(generated.key),
      createTime: new Date(now),
      ...(request.ttlMs !== undefined ? { expireTime: new Date(now + request.ttlMs) } : {}),
      revoked: false,
    };
    await this.backend('issuing a key', () =>
      this.options.redis
        .multi()
        .hset(this.keys.apiKeys, key.id, serializeKey(key))
        .sadd(this.keys.tenantKeyIds(key.tenantId), key.id)
        .exec(),
    );
    return { key, secret: generated.key };
  }

  /** Issues a new key with the old one's name; the old key keeps working for `graceMs` (default 24 h), then expires. */
  async rotateKey(request: {
    tenantId: string;
    keyId: string;
    graceMs?: number;
  }): Promise<{ oldKey: ApiKeyRecord; newKey: ApiKeyRecord; secret: string }> {
    const old = await this.storedKey(request.tenantId, request.keyId, 'rotate a key');
    const graceEnd = this.now() + (request.graceMs ?? DEFAULT_ROTATION_GRACE_MS);
    const oldKey: ApiKeyRecord = {
      ...old,
      // Never lengthen a key's life by rotating it.
      expireTime: new Date(old.expireTime ? Math.min(old.expireTime.getTime(), graceEnd) : graceEnd),
    };
    const issued = await this.issueKey({ tenantId: request.tenantId, name: old.name });
    await this.backend('rotating a key', () =>
      this.options.redis.hset(this.keys.apiKeys, oldKey.id, serializeKey(oldKey)),
    );
    return { oldKey, newKey: issued.key, secret: issued.secret };
  }

  async revokeKey(request: { tenantId: string; keyId: string }): Promise<ApiKeyRecord> {
    const key = { ...(await this.storedKey(request.tenantId, request.keyId, 'revoke a key')), revoked: true };
    await this.backend('revoking a key', () =>
      this.options.redis.hset(this.keys.apiKeys, key.id, serializeKey(key)),
    );
    return key;
  }

  /** The keys of one tenant (file keys for a file tenant), with last-used times. Hashes are included: they are not secrets. */
  async listKeys(tenantId: string): Promise<ApiKeyRecord[]> {
    const entry = await this.getTenant(tenantId);
    const redis = this.options.redis;
    let keys: ApiKeyRecord[];
    if (entry.source === 'file') keys = this.directory.keysOf(tenantId);
    else {
      const ids = await this.backend('listing keys', () => redis.smembers(this.keys.tenantKeyIds(tenantId)));
      const values =
        ids.length > 0
          ? await this.backend('listing keys', () => redis.hmget(this.keys.apiKeys, ...ids))
          : [];
      keys = values
        .flatMap((json) => (json ? [parseKey(json)] : []))
        .filter((key) => key.tenantId === tenantId);
    }
    if (keys.length === 0) return [];
    const lastUsed = await this.backend('listing keys', () =>
      redis.hmget(this.lastUsedKey, ...keys.map((key) => key.id)),
    );
    return keys
      .map((key, i) => (lastUsed[i] ? { ...key, lastUsedTime: new Date(Number(lastUsed[i])) } : key))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  // ---- authentication ----

  /**
   * Who is calling: the tenant and key id for a valid key, or an AuthenticationError saying why not (returned, not
   * thrown; only a Redis failure throws). Lookup is by the key's public id; the secret is then checked against the
   * stored hash in constant time.
   */
  async authenticate(presented: string | ParsedApiKey): Promise<Authenticated | AuthenticationError> {
    let parsed: ParsedApiKey;
    try {
      parsed = typeof presented === 'string' ? ApiKeyFormat.parse(presented) : presented;
    } catch (error) {
      if (error instanceof AuthenticationError) return error;
      throw error;
    }
    const directory = this.directory;
    const hash = ApiKeyHasher.hash(parsed.key);
    let record: ApiKeyRecord | undefined;
    let source: TenantEntry['source'] = 'file';
    if (parsed.keyId) {
      record = directory.keyById(parsed.keyId);
      if (!record) {
        const stored = await this.backend('looking up a key', () =>
          this.options.redis.hget(this.keys.apiKeys, parsed.keyId as string),
        );
        if (stored) {
          record = parseKey(stored);
          source = 'store';
        }
      }
    }
    record ??= directory.keyByHash(hash);
    const unknown = new AuthenticationError('unknown-key', 'API key is not valid', parsed.keyId);
    if (!record || !ApiKeyHasher.verify(parsed.key, record.hash)) return unknown;
    if (record.revoked)
      return new AuthenticationError('revoked', `API key ${record.id} has been revoked`, record.id);
    if (record.expireTime && record.expireTime.getTime() <= this.now()) {
      return new AuthenticationError(
        'expired',
        `API key ${record.id} expired at ${record.expireTime.toISOString()}`,
        record.id,
      );
    }
    // A stored key belongs to a stored tenant; if the file now defines that id, the file tenant would be a different
    // owner, so the stored key stops working rather than granting access to it.
    const entry = await this.findTenant(record.tenantId);
    if (!entry || entry.source !== source) return unknown;
    if (entry.tenant.disabled) {
      return new AuthenticationError('tenant-disabled', `tenant "${entry.tenant.id}" is disabled`, record.id);
    }
    this.touch(record.id);
    return { tenant: entry.tenant, keyId: record.id, source };
  }

  /** Records last use at most once per interval per key (fire and forget: a lost write only delays the time). */
  private touch(keyId: string): void {
    const now = this.now();
    const last = this.lastUsedWritten.get(keyId);
    if (last !== undefined && now - last < this.lastUsedIntervalMs) return;
    this.lastUsedWritten.set(keyId, now);
    this.options.redis
      .hset(this.lastUsedKey, keyId, String(now))
      .catch(() => this.lastUsedWritten.delete(keyId));
  }

  private async storedTenant(id: string, action: string): Promise<TenantSpec> {
    const entry = await this.getTenant(id);
    if (entry.source === 'file') throw new ReadOnlyTenantError(id, action);
    return entry.tenant;
  }

  private async storedKey(tenantId: string, keyId: string, action: string): Promise<ApiKeyRecord> {
    await this.storedTenant(tenantId, action);
    const json = await this.backend('reading a key', () => this.options.redis.hget(this.keys.apiKeys, keyId));
    const key = json ? parseKey(json) : undefined;
    // Another tenant's key id is "not found", never "forbidden": ids must not leak across tenants.
    if (!key || key.tenantId !== tenantId) throw new ApiKeyNotFoundError(tenantId, keyId);
    return key;
  }

  private async backend<T>(action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new TenancyBackendError(action, error);
    }
  }
}

function serializeTenant(tenant: TenantSpec): string {
  return JSON.stringify({
    ...tenant,
    createTime: tenant.createTime?.toISOString(),
    updateTime: tenant.updateTime?.toISOString(),
  });
}

function parseTenant(json: string): TenantSpec {
  const stored = JSON.parse(json) as StoredTenant;
  return { ...stored, createTime: new Date(stored.createTime), updateTime: new Date(stored.updateTime) };
}

function serializeKey(key: ApiKeyRecord): string {
  const { lastUsedTime: _lastUsed, ...rest } = key;
  return JSON.stringify({
    ...rest,
    createTime: key.createTime?.toISOString(),
    expireTime: key.expireTime?.toISOString(),
  });
}

function parseKey(json: string): ApiKeyRecord {
  const { createTime, expireTime, ...rest } = JSON.parse(json) as StoredKey;
  return {
    ...rest,
    ...(createTime ? { createTime: new Date(createTime) } : {}),
    ...(expireTime ? { expireTime: new Date(expireTime) } : {}),
  };
}
