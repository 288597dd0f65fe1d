import type { Redis } from 'ioredis';
import type { RedisClient } from './redis-connection.ts';

/** What one primary says about how it keeps sieve's keys. */
export interface RedisNodeFacts {
  /** host:port, as the operator would look it up. */
  node: string;
  /** From INFO memory (readable where CONFIG is disabled, as on managed Redis); undefined: INFO did not say. */
  maxmemoryPolicy: string | undefined;
  /** From INFO persistence; undefined: INFO did not say. */
  aofEnabled: boolean | undefined;
  /** CONFIG GET save: the RDB save points ('' for none), or why CONFIG could not be read. */
  savePoints: string | { refused: string };
}

export interface RedisRequirementWarning {
  fields: { redisPersistence?: 'none' | 'unknown'; nodes: string[]; [key: string]: unknown };
  message: string;
}

export interface RedisRequirementsVerdict {
  /** Set when the service must not start: the message names the setting, the nodes and the fix. */
  refusal?: string;
  /** One line each, to be logged loudly at start. */
  warnings: RedisRequirementWarning[];
}

/** A Redis sieve must not run on; the message names the setting and the fix. */
export class RedisRequirementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisRequirementError';
  }
}

/**
 * What a restart of a Redis without persistence erases: everything sieve keeps only in Redis. Tenants of a tenants
 * file and the models come back from their files; nothing else does.
 */
const LOST_ON_RESTART =
  'tenants and API keys created through the Admin API, heads and their weights, batch jobs and their results ' +
  '(running ones then answer NOT_FOUND), queued jobs and usage records';

const FIX_PERSISTENCE =
  'set `appendonly yes` with `appendfsync everysec` (at most a second of writes lost on a crash) in redis.conf or with CONFIG SET';

/** Reads the facts of one node from its INFO replies and CONFIG GET save (pure). */
export function parseNodeFacts(
  node: string,
  replies: { memory: string; persistence: string; save: { ok: string } | { refused: string } },
): RedisNodeFacts {
  const field = (info: string, name: string) =>
    new RegExp(`^${name}:(.*?)\\r?$`, 'm').exec(info)?.[1]?.trim();
  const aof = field(replies.persistence, 'aof_enabled');
  return {
    node,
    maxmemoryPolicy: field(replies.memory, 'maxmemory_policy'),
    aofEnabled: aof === undefined ? undefined : aof === '1',
    savePoints: 'ok' in replies.save ? replies.save.ok.trim() : { refused: replies.save.refused },
  };
}

/**
 * Whether sieve may run on these primaries (pure). Any eviction policy is refused: Redis would drop queued jobs,
 * batch records and tenants without an error, and nothing in sieve can tell a dropped key from one never written.
 * No persistence is a loud warning, not a refusal: a test or a throwaway cluster is a fair use of it.
 */
export function judgeRedisRequirements(nodes: readonly RedisNodeFacts[]): RedisRequirementsVerdict {
  const evicting = nodes.filter(
    (facts) => facts.maxmemoryPolicy !== undefined && facts.maxmemoryPolicy !== 'noeviction',
  );
  const refusal =
    evicting.length === 0
      ? undefined
      : `Redis maxmemory-policy is ${evicting.map((facts) => `${facts.maxmemoryPolicy} on ${facts.node}`).join(', ')}: ` +
        'sieve needs noeviction (evicted keys lose queued jobs, batches and tenants silently; with noeviction a full ' +
        'Redis refuses writes and callers get UNAVAILABLE); set `maxmemory-policy noeviction` in redis.conf or with ' +
        '`CONFIG SET maxmemory-policy noeviction` on each primary';
  const warnings: RedisRequirementWarning[] = [];
  const policyUnknown = nodes.filter((facts) => facts.maxmemoryPolicy === undefined).map((f) => f.node);
  if (policyUnknown.length > 0)
    warnings.push({
      fields: { nodes: policyUnknown },
      message:
        'could not tell Redis maxmemory-policy (INFO memory has no maxmemory_policy field); sieve needs ' +
        'noeviction: with any other policy Redis drops queued jobs, batches and tenants silently',
    });
  const persistenceOf = (facts: RedisNodeFacts): 'aof' | 'rdb' | 'none' | 'unknown' => {
    if (facts.aofEnabled === true) return 'aof';
    if (typeof facts.savePoints === 'string') {
      if (facts.savePoints !== '') return 'rdb';
      return facts.aofEnabled === false ? 'none' : 'unknown';
    }
    return 'unknown';
  };
  const none = nodes.filter((facts) => persistenceOf(facts) === 'none').map((facts) => facts.node);
  const unknown = nodes.filter((facts) => persistenceOf(facts) === 'unknown');
  if (none.length > 0)
    warnings.push({
      fields: { redisPersistence: 'none', nodes: none },
      message:
        `Redis has no persistence on ${none.join(', ')} (appendonly no, no save points): a restart of Redis erases ` +
        `${LOST_ON_RESTART}; ${FIX_PERSISTENCE}`,
    });
  if (unknown.length > 0)
    warnings.push({
      fields: {
        redisPersistence: 'unknown',
        nodes: unknown.map((facts) => facts.node),
        why: unknown.map((facts) =>
          typeof facts.savePoints === 'string'
            ? 'INFO persistence has no aof_enabled field'
            : `AOF off and CONFIG GET save refused: ${facts.savePoints.refused}`,
        ),
      },
      message:
        `could not tell whether Redis persists its data on ${unknown.map((facts) => facts.node).join(', ')} ` +
        `(neither AOF nor RDB save points could be confirmed); without persistence a restart of Redis erases ` +
        `${LOST_ON_RESTART}; make sure it persists: ${FIX_PERSISTENCE.replace(/^set /, '')}, or snapshots`,
    });
  return { ...(refusal ? { refusal } : {}), warnings };
}

/** Reads every primary's facts: on Redis Cluster each primary keeps its own settings. */
export async function readRedisNodeFacts(redis: RedisClient): Promise<RedisNodeFacts[]> {
  // A cluster client knows its primaries once ready; PING waits for that (and for a Redis still starting).
  await redis.ping();
  const nodes: Redis[] = 'nodes' in redis ? redis.nodes('master') : [redis];
  return Promise.all(
    nodes.map(async (node) => {
      const [memory, persistence] = await Promise.all([node.info('memory'), node.info('persistence')]);
      const save = await (node.config('GET', 'save') as Promise<string[]>).then(
        (reply) => ({ ok: reply[1] ?? '' }),
        (error: unknown) => ({ refused: error instanceof Error ? error.message : String(error) }),
      );
      return parseNodeFacts(`${node.options.host ?? '?'}:${node.options.port ?? '?'}`, {
        memory,
        persistence,
        save,
      });
    }),
  );
}

/**
 * The start-up check every service runs before it touches a queue: throws `RedisRequirementError` where Redis would
 * lose sieve's keys silently (the service then exits non-zero with the message), and logs each warning as one line.
 * BullMQ prints its own plain warning about the eviction policy; this check runs first and is the decision.
 */
export async function checkRedisRequirements(
  redis: RedisClient,
  log: { warn(fields: object, message: string): void },
): Promise<void> {
  const verdict = judgeRedisRequirements(await readRedisNodeFacts(redis));
  if (verdict.refusal) throw new RedisRequirementError(verdict.refusal);
  for (const warning of verdict.warnings) log.warn(warning.fields, warning.message);
}
