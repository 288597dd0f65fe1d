-- Stores entries in one tenant's bounded structure and evicts until it is within both of its bounds.
-- KEYS: entries (hash field -> value), order (sorted set field -> expiry ms), bytes (string: the structure's count)
-- ARGV: ttl ms, max entries, max bytes, bytes counted per entry beyond its field and value, then field, value, ...
-- An entry counts #field, its value as allocated (string header, rounded up to the allocator's size class) and the
-- per-entry overhead (Redis's own bookkeeping, measured): what it costs Redis, not only its payload. Entries are ordered
-- by expiry, which with one TTL per structure is the order they were written: expired ones go first, then the
-- oldest, until the structure holds at most max entries and max bytes. An entry larger than max bytes alone is not
-- stored. Every key then expires with the last entry, so an idle tenant leaves nothing behind.
-- Returns {written, evicted, entries, bytes}.
local ttl = tonumber(ARGV[1])
local maxEntries = tonumber(ARGV[2])
local maxBytes = tonumber(ARGV[3])
local overhead = tonumber(ARGV[4])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

-- The count is only trusted while the structure exists (the three keys expire together).
local bytes = 0
if redis.call('EXISTS', KEYS[2]) == 1 then bytes = tonumber(redis.call('GET', KEYS[3]) or '0') end

-- jemalloc's size classes: 16-byte steps up to 128 bytes, then four classes per doubling.
local function allocation(n)
  if n <= 128 then return math.ceil(n / 16) * 16 end
  local p = 128
  while p * 2 < n do p = p * 2 end
  local step = p / 4
  return math.ceil(n / step) * step
end

local function sizeOf(fieldLength, valueLength)
  local header = 3
  if valueLength >= 65536 then header = 10 elseif valueLength >= 256 then header = 6 end
  return fieldLength + allocation(valueLength + header) + overhead
end

local function drop(field)
  bytes = bytes - sizeOf(#field, redis.call('HSTRLEN', KEYS[1], field))
  redis.call('HDEL', KEYS[1], field)
end

local evicted = 0
-- Expired entries, a bounded number per call (the bounds below hold regardless; this only frees memory sooner).
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 256)
for _, field in ipairs(expired) do drop(field) end
if #expired > 0 then redis.call('ZREM', KEYS[2], unpack(expired)) end
evicted = evicted + #expired

local written = 0
for i = 5, #ARGV - 1, 2 do
  local field, value = ARGV[i], ARGV[i + 1]
  local size = sizeOf(#field, #value)
  if size <= maxBytes and maxEntries > 0 then
    if redis.call('ZSCORE', KEYS[2], field) then drop(field) end
    redis.call('HSET', KEYS[1], field, value)
    redis.call('ZADD', KEYS[2], now + ttl, field)
    bytes = bytes + size
    written = written + 1
  end
end

local count = redis.call('ZCARD', KEYS[2])
while count > 0 and (count > maxEntries or bytes > maxBytes) do
  local excess = count - maxEntries
  if excess < 1 then excess = 1 end
  local oldest = redis.call('ZPOPMIN', KEYS[2], excess)
  for i = 1, #oldest, 2 do drop(oldest[i]) end
  count = count - #oldest / 2
  evicted = evicted + #oldest / 2
end

if count == 0 then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
  return {written, evicted, 0, 0}
end
redis.call('SET', KEYS[3], bytes, 'PX', ttl)
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
return {written, evicted, count, bytes}
