import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { missingWorkerProcessEnv, WORKER_PROCESS_ENV } from '../src/index.ts';

describe("the worker's process environment", () => {
  it('names each variable missing or set otherwise, with the value it should have', () => {
    assert.deepEqual(missingWorkerProcessEnv({}), ['MALLOC_ARENA_MAX=2', 'MALLOC_TRIM_THRESHOLD_=131072']);
    assert.deepEqual(missingWorkerProcessEnv({ ...WORKER_PROCESS_ENV, MALLOC_ARENA_MAX: '8' }), [
      'MALLOC_ARENA_MAX=2',
    ]);
    assert.deepEqual(missingWorkerProcessEnv({ ...WORKER_PROCESS_ENV, PATH: '/usr/bin' }), []);
  });
});
