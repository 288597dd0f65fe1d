-- rate-limiter-flexible's counter script, replaced (QuotaLedger, through its `customIncrTtlLuaScript` option) by a
-- check-then-consume variant: a consume that would go over the limit is rejected WITHOUT incrementing, and a refund
-- never takes the counter below zero (e.g. when the window expired in between).
-- KEYS[1] the window's counter
-- ARGV[1] points (negative = refund), ARGV[2] window seconds, ARGV[3] limit
-- Returns {points consumed counting this call's (not stored when it is rejected), ms until the window ends}
redis.call('set', KEYS[1], 0, 'EX', ARGV[2], 'NX')
local add = tonumber(ARGV[1])
local consumed = tonumber(redis.call('get', KEYS[1]))
local ttl = redis.call('pttl', KEYS[1])
if ttl < 0 then
  redis.call('expire', KEYS[1], ARGV[2])
  ttl = 1000 * tonumber(ARGV[2])
end
if add > 0 and consumed + add > tonumber(ARGV[3]) then
  return {consumed + add, ttl}
end
consumed = math.max(0, consumed + add)
redis.call('set', KEYS[1], consumed, 'KEEPTTL')
return {consumed, ttl}
