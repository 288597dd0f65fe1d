-- Reads entries of one tenant's bounded structure; an entry past its expiry reads as missing (it is removed by the
-- next write). Writes nothing, so reads go on while writes are held back (Redis near its maxmemory).
-- KEYS: entries (hash), order (sorted set field -> expiry ms)
-- ARGV: field, field, ...
-- Returns one value or false per field.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local values = redis.call('HMGET', KEYS[1], unpack(ARGV))
for i, value in ipairs(values) do
  if value then
    local expiry = redis.call('ZSCORE', KEYS[2], ARGV[i])
    if not expiry or tonumber(expiry) <= now then values[i] = false end
  end
end
return values
