import { LuaScript, type RedisClient } from '@sieve/redis';
import { headKeys, type HeadKeys } from './head-keys.ts';
import { decodeHeadRecord, type HeadDraft, type HeadRecord } from './head-record.ts';
import type { HeadMetrics } from './head-training.ts';

/** Lua scripts from ./lua, each read once and loaded into Redis once (LuaScript). */
const SCRIPTS = {
  create: new LuaScript(new URL('./lua/create-head-4.lua', import.meta.url)),
  settle: new LuaScript(new URL('./lua/settle-head-2.lua', import.meta.url)),
};

/** One staged example: the text and the index of its label in the head's labels. */
export type StagedExample = [text: string, label: number];

export type CreateOutcome =
  | { outcome: 'created'; record: HeadRecord }
  | { outcome: 'existing'; record: HeadRecord };

/**
 * Heads in Redis: a tenant's head versions (records), their weights, the examples staged for training, version
 * counters and idempotency keys. Every read takes the tenant: another tenant's head reads as missing, whatever id
 * is asked for. Creating a version and settling its training are Lua scripts, so racing gateways and workers
 * neither reuse a version number nor bring back a head deleted while it trained.
 */
export class HeadStore {
  readonly keys: HeadKeys;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.keys = headKeys(prefix);
  }

  /** Adds a chunk of examples to an upload; the whole staging expires after `ttlMs` without activity. */
  async stageExamples(id: string, examples: readonly StagedExample[], ttlMs: number): Promise<void> {
    const key = this.keys.examples(id);
    const result = await this.redis.multi().rpush(key, JSON.stringify(examples)).pexpire(key, ttlMs).exec();
    const failure = result?.find(([error]) => error)?.[0];
    if (failure) throw failure;
  }

  async readExamples(id: string): Promise<StagedExample[]> {
    const chunks = await this.redis.lrange(this.keys.examples(id), 0, -1);
    return chunks.flatMap((chunk) => JSON.parse(chunk) as StagedExample[]);
  }

  async discardExamples(id: string): Promise<void> {
    await this.redis.del(this.keys.examples(id));
  }

  /**
   * Makes the staged upload `draft.id` the head's next version, in state training, and keeps its examples for
   * `examplesTtlMs` (time enough for a worker to train it). With an idempotency key that already names a live
   * version, nothing is created and that version is returned.
   */
  async create(draft: HeadDraft, examplesTtlMs: number, now = Date.now()): Promise<CreateOutcome> {
    const record: HeadRecord = {
      version: 0,
      ...draft,
      state: 'training',
      stateReason: '',
      createdAt: now,
      updatedAt: now,
    };
    const json = JSON.stringify(record);
    if (!json.startsWith('{"version":0,')) throw new Error('a head record must start with its version');
    const idempotent = draft.idempotencyKey !== '';
    const [code, value] = (await SCRIPTS.create.run(
      this.redis,
      [
        this.keys.records(draft.tenant),
        this.keys.versions(draft.tenant),
        idempotent
          ? this.keys.idempotency(draft.tenant, draft.idempotencyKey)
          : this.keys.records(draft.tenant),
        this.keys.examples(draft.id),
      ],
      [draft.id, `${draft.baseModel}/${draft.name}`, json, examplesTtlMs, idempotent ? 1 : 0],
    )) as [number, string | number];
    if (code === 1) return { outcome: 'created', record: { ...record, version: Number(value) } };
    const existing = await this.get(draft.tenant, String(value));
    if (!existing) throw new Error(`head ${String(value)} vanished while its idempotency key was read`);
    return { outcome: 'existing', record: existing };
  }

  async get(tenant: string, id: string): Promise<HeadRecord | undefined> {
    const json = await this.redis.hget(this.keys.records(tenant), id);
    return json === null ? undefined : decodeHeadRecord(json);
  }

  /** Every version of the tenant's heads (optionally on one base model), newest first. */
  async list(tenant: string, baseModel?: string): Promise<HeadRecord[]> {
    const all = Object.values(await this.redis.hgetall(this.keys.records(tenant)))
      .map(decodeHeadRecord)
      .filter((record): record is HeadRecord => record !== undefined)
      .filter((record) => baseModel === undefined || record.baseModel === baseModel);
    return all.sort((a, b) => b.createdAt - a.createdAt || b.version - a.version);
  }

  /** The versions of one head, newest first; only `version` when given. */
  async versions(tenant: string, baseModel: string, name: string, version?: number): Promise<HeadRecord[]> {
    return (await this.list(tenant, baseModel)).filter(
      (record) => record.name === name && (version === undefined || record.version === version),
    );
  }

  async weights(tenant: string, id: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.weights(tenant, id))) ?? undefined;
  }

  /** Training succeeded: the weights and the metrics, state ready. False when the head was deleted meanwhile. */
  markReady(record: HeadRecord, weights: string, metrics: HeadMetrics, now = Date.now()): Promise<boolean> {
    return this.settle({ ...record, state: 'ready', stateReason: '', metrics, updatedAt: now }, weights);
  }

  markFailed(record: HeadRecord, reason: string, now = Date.now()): Promise<boolean> {
    return this.settle({ ...record, state: 'failed', stateReason: reason, updatedAt: now }, '');
  }

  private async settle(record: HeadRecord, weights: string): Promise<boolean> {
    const settled = await SCRIPTS.settle.run(
      this.redis,
      [this.keys.records(record.tenant), this.keys.weights(record.tenant, record.id)],
      [record.id, JSON.stringify(record), weights],
    );
    return settled === 1;
  }

  /** Deletes head versions of the tenant (records, weights, staged examples); returns those that existed. */
  async delete(tenant: string, ids: readonly string[]): Promise<HeadRecord[]> {
    const records = (await Promise.all(ids.map((id) => this.get(tenant, id)))).filter(
      (record): record is HeadRecord => record !== undefined,
    );
    if (records.length === 0) return [];
    const transaction = this.redis
      .multi()
      .hdel(this.keys.records(tenant), ...records.map((record) => record.id));
    for (const record of records) {
      transaction.del(this.keys.weights(tenant, record.id), this.keys.examples(record.id));
    }
    await transaction.exec();
    return records;
  }

  /** Everything of a tenant's heads (tenant data purge). Returns the number of keys deleted. */
  async purgeTenant(tenant: string): Promise<number> {
    const records = await this.list(tenant);
    const keys = [
      this.keys.records(tenant),
      this.keys.versions(tenant),
      ...records.flatMap((record) => [this.keys.weights(tenant, record.id), this.keys.examples(record.id)]),
      ...records
        .filter((record) => record.idempotencyKey !== '')
        .map((record) => this.keys.idempotency(tenant, record.idempotencyKey)),
    ];
    return this.redis.del(...keys);
  }
}
