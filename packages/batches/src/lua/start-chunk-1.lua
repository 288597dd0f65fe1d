-- A worker is about to compute a chunk: the batch becomes running (first time) and its state tells whether to go on.
-- KEYS: record.  ARGV: now (ms).  Returns the state after the change, or false when the batch is gone.
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return false end
if state == 'queued' then
  redis.call('HSET', KEYS[1], 'state', 'running', 'startedAt', ARGV[1])
  return 'running'
end
return state
