// @sieve/redis — how sieve talks to Redis, whatever it keeps there: connections, the requirements a Redis must meet,
// memory headroom, and the one Lua script loader. Knows nothing of queues, tenants, batches or heads.
export { redisConnection, type RedisClient, type RedisSettings } from './redis-connection.ts';
export { LuaScript } from './lua-script.ts';
export {
  RedisMemoryGuard,
  readMemoryInfo,
  type RedisMemoryGuardOptions,
  type RedisMemoryReading,
} from './redis-memory-guard.ts';
export {
  checkRedisRequirements,
  judgeRedisRequirements,
  readRedisNodeFacts,
  RedisRequirementError,
  type RedisNodeFacts,
  type RedisRequirementsVerdict,
} from './redis-requirements.ts';
