-- Writes one chunk's results exactly once: a re-run of the chunk (a worker died after computing it, BullMQ ran it
-- again) finds the field taken and changes nothing, so no item is counted twice.
-- KEYS: record, items, results.  ARGV: chunk index, results JSON, classified count, failed count.
-- Returns 1 written, 0 already written, 2 batch no longer running (cancelled or ended), -1 batch gone.
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return -1 end
if state ~= 'running' and state ~= 'queued' then return 2 end
if redis.call('HSETNX', KEYS[3], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HINCRBY', KEYS[1], 'done', ARGV[3])
redis.call('HINCRBY', KEYS[1], 'failed', ARGV[4])
return 1
