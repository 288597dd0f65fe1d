-- Stores a new tenant and indexes its id in the same step (TenantStore.createTenant), so a listing never misses a
-- tenant that was created.
-- KEYS[1] the tenants hash, KEYS[2] the id index (sorted set, every score 0); ARGV[1] the id, ARGV[2] its JSON
-- Returns 1, or 0 when a tenant of that id is stored already
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], 0, ARGV[1])
return 1
