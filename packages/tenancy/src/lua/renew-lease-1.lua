-- Extends a lease still held to now + ttl (LeasePool.renew).
-- KEYS[1] the tenant's lease set, ARGV[1] its member `<leaseId>|<amount>`, ARGV[2] ttl in ms
-- Returns 1, or 0 when the lease had already expired or been released
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[1])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], last[2])
return 1
