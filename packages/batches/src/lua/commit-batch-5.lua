-- Turns a staged upload into a queued batch, unless the tenant's idempotency key already names a batch.
-- KEYS: record, items, idempotency key, tenant index, every tenant's index
-- ARGV: batch id, now (ms), total, chunks, lease key, lease member
-- Returns {1, id} created, {0, existing id} when the key was taken, {-1, ''} when the staging expired.
local existing = redis.call('GET', KEYS[3])
if existing then return {0, existing} end
if redis.call('HGET', KEYS[1], 'state') ~= 'uploading' then return {-1, ''} end
redis.call('SET', KEYS[3], ARGV[1])
redis.call('HSET', KEYS[1], 'state', 'queued', 'createdAt', ARGV[2], 'total', ARGV[3], 'chunks', ARGV[4],
  'leaseKey', ARGV[5], 'leaseMember', ARGV[6])
redis.call('PERSIST', KEYS[1])
redis.call('PERSIST', KEYS[2])
redis.call('ZADD', KEYS[4], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[5], ARGV[2], ARGV[1])
return {1, ARGV[1]}
