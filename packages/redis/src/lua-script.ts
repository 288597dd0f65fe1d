import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RedisClient } from './redis-connection.ts';

/**
 * A Lua script from a file named `<name>-<numKeys>.lua` (as BullMQ names its scripts), read once when it is
 * constructed and sent to Redis once: calls go by EVALSHA, and only a Redis that does not know the script yet (a
 * new or restarted server, a failover, SCRIPT FLUSH) gets its source again. The key count in the name is checked
 * against every call, so a script never runs with keys it does not declare (Redis Cluster routes by them).
 */
export class LuaScript {
  readonly source: string;
  readonly keyCount: number;
  readonly sha: string;

  /** `file`: e.g. `new URL('./lua/commit-batch-4.lua', import.meta.url)`, relative to the module that owns it. */
  constructor(file: URL) {
    const name = basename(fileURLToPath(file));
    const match = /-(\d+)\.lua$/.exec(name);
    if (!match) throw new Error(`Lua script ${name} must be named <name>-<numKeys>.lua`);
    this.keyCount = Number(match[1]);
    this.source = readFileSync(file, 'utf8');
    this.sha = createHash('sha1').update(this.source).digest('hex');
  }

  async run(
    redis: RedisClient,
    keys: readonly string[],
    args: ReadonlyArray<string | number>,
  ): Promise<unknown> {
    if (keys.length !== this.keyCount) throw new Error(`script expects ${this.keyCount} keys`);
    const argv = args.map(String);
    try {
      return await redis.evalsha(this.sha, this.keyCount, ...keys, ...argv);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, this.keyCount, ...keys, ...argv);
    }
  }
}
