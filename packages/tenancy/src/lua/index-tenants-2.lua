-- Rebuilds the index of stored tenant ids from the tenants hash (TenantStore.listTenants): ids the hash holds are
-- added, ids it no longer holds removed. Run only when the two counts differ, i.e. for tenants stored before the
-- index existed; creating and deleting keep them equal. O(tenants), once.
-- KEYS[1] the tenants hash, KEYS[2] the id index (sorted set, every score 0, read in lexical order)
-- Returns how many ids are indexed
local ids = redis.call('HKEYS', KEYS[1])
-- unpack() is bounded by Lua's stack: add in slices.
for i = 1, #ids, 500 do
  local args = {}
  for j = i, math.min(i + 499, #ids) do
    args[#args + 1] = 0
    args[#args + 1] = ids[j]
  end
  redis.call('ZADD', KEYS[2], unpack(args))
end
for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  if redis.call('HEXISTS', KEYS[1], id) == 0 then redis.call('ZREM', KEYS[2], id) end
end
return #ids
