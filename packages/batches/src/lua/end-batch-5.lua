-- Ends a batch (all chunks ran, or cancelled): sets its final state, frees its concurrent-batch lease, drops the
-- inputs left and makes the record and results expire after the retention time. Idempotent.
-- KEYS: record, items, results, idempotency key, lease set.
-- ARGV: 'finish' or 'cancel', now (ms), lease member, the error (JSON) a batch whose every item failed ends with.
-- Returns the final state, or false when the batch is gone.
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return false end
if state == 'succeeded' or state == 'failed' or state == 'cancelled' then return state end
if state == 'uploading' then return state end
local final = 'cancelled'
if ARGV[1] == 'finish' then
  local total = tonumber(redis.call('HGET', KEYS[1], 'total') or '0')
  local done = tonumber(redis.call('HGET', KEYS[1], 'done') or '0')
  local failed = tonumber(redis.call('HGET', KEYS[1], 'failed') or '0')
  final = 'succeeded'
  if total > 0 and done == 0 and failed >= total then
    final = 'failed'
    redis.call('HSET', KEYS[1], 'error', ARGV[4])
  end
end
local now = tonumber(ARGV[2])
local expireAt = now + tonumber(redis.call('HGET', KEYS[1], 'retentionMs') or '0')
redis.call('HSET', KEYS[1], 'state', final, 'endedAt', now, 'expireAt', expireAt)
redis.call('DEL', KEYS[2])
redis.call('PEXPIREAT', KEYS[1], expireAt)
redis.call('PEXPIREAT', KEYS[3], expireAt)
redis.call('PEXPIREAT', KEYS[4], expireAt)
if ARGV[3] ~= '' then redis.call('ZREM', KEYS[5], ARGV[3]) end
return final
