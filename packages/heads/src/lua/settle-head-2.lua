-- Records the end of a head's training (its weights when it succeeded), unless it was deleted meanwhile.
-- KEYS: tenant's records, the head's weights
-- ARGV: head id, record JSON, weights JSON ('' when training failed)
-- Returns 1 settled, 0 when the head no longer exists.
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
if ARGV[3] ~= '' then redis.call('SET', KEYS[2], ARGV[3]) end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
