// Everything a Redis holds, as text to search: every key (SCAN, never KEYS) with its value read by type.
import { Redis } from 'ioredis';

export interface RedisEntry {
  key: string;
  type: string;
  /** The value's contents as UTF-8 text (fields, members, scores, stream entries), for substring searches. */
  text: string;
}

export async function redisContents(url: string): Promise<RedisEntry[]> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const keys = new Set<string>();
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'COUNT', 1000);
      cursor = next;
      for (const key of found) keys.add(key);
    } while (cursor !== '0');
    const entries: RedisEntry[] = [];
    for (const key of keys) {
      const type = await redis.type(key);
      let parts: Array<Buffer | string> = [];
      if (type === 'string') parts = [(await redis.getBuffer(key)) ?? ''];
      else if (type === 'hash')
        parts = await redis.hgetallBuffer(key).then((hash) => Object.entries(hash).flat());
      else if (type === 'list') parts = await redis.lrangeBuffer(key, 0, -1);
      else if (type === 'set') parts = await redis.smembersBuffer(key);
      else if (type === 'zset') parts = await redis.zrangeBuffer(key, 0, -1, 'WITHSCORES');
      else if (type === 'stream') {
        parts = (await redis.xrange(key, '-', '+')).flatMap(([id, fields]) => [id, ...fields]);
      }
      entries.push({ key, type, text: parts.map((part) => part.toString()).join('\n') });
    }
    return entries;
  } finally {
    redis.disconnect();
  }
}

/** Entries whose key or value contains `needle`. */
export function entriesHolding(entries: RedisEntry[], needle: string): RedisEntry[] {
  return entries.filter((entry) => entry.key.includes(needle) || entry.text.includes(needle));
}
