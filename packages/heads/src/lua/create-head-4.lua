-- Creates the next version of a head, unless the tenant's idempotency key already names a live one.
-- KEYS: tenant's records, tenant's version counters, idempotency key (or the records key when none), examples
-- ARGV: head id, "base/name" counter field, record JSON starting with {"version":0, , examples TTL (ms),
--       has idempotency key (1/0)
-- Returns {1, version} created, {0, existing id} when the key names a head that still exists.
if ARGV[5] == '1' then
  local existing = redis.call('GET', KEYS[3])
  if existing and redis.call('HEXISTS', KEYS[1], existing) == 1 then return {0, existing} end
end
local version = redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
-- The version goes into the JSON by splicing, not cjson: cjson would rewrite numbers and empty arrays.
local record = '{"version":' .. version .. string.sub(ARGV[3], string.len('{"version":0') + 1)
redis.call('HSET', KEYS[1], ARGV[1], record)
if ARGV[5] == '1' then redis.call('SET', KEYS[3], ARGV[1]) end
redis.call('PEXPIRE', KEYS[4], ARGV[4])
return {1, version}
