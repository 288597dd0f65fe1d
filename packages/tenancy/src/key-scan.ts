import { Cluster } from 'ioredis';
import type { RedisClient } from '@sieve/redis';

/**
 * Every key matching `pattern`, found with SCAN (never KEYS, which blocks Redis). On a cluster each master is
 * scanned: the keys all share one hash tag, but which node owns that slot is the cluster's business.
 */
export async function scanKeys(redis: RedisClient, pattern: string): Promise<string[]> {
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  const found = new Set<string>();
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) found.add(key);
    } while (cursor !== '0');
  }
  return [...found];
}

/** Deletes keys in chunks (all share one slot, so a multi-key DEL is valid on a cluster). Returns how many existed. */
export async function deleteKeys(redis: RedisClient, keys: readonly string[]): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < keys.length; i += 500) deleted += await redis.del(...keys.slice(i, i + 500));
  return deleted;
}
