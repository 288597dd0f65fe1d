-- Takes `amount` units of a tenant's capacity if they fit, atomically (LeasePool.acquire).
-- KEYS[1] the tenant's lease set (sorted set: member `<leaseId>|<amount>`, score = expiry in Redis server time, ms)
-- ARGV[1] lease id, ARGV[2] amount, ARGV[3] the limit, ARGV[4] ttl in ms
-- Returns {acquired (1|0), units in use after the call, ms until the oldest lease expires when refused (else 0)}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local used = 0
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  used = used + tonumber(string.match(member, '|(%d+)$'))
end
local amount = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
if used + amount > max then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  local wait = 0
  if first[2] then wait = tonumber(first[2]) - now end
  return {0, used, wait}
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1] .. '|' .. ARGV[2])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], last[2])
return {1, used + amount, 0}
