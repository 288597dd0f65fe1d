import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AUTO_SESSIONS_MAX, sessionLayoutOf } from '../src/session-layout.ts';

const auto = { sessions: 'auto', provider: 'cpu' } as const;

describe('sessionLayoutOf', () => {
  it('gives int8 models on CPU one single-thread session per core (auto), fp32 models one session', () => {
    assert.deepEqual(sessionLayoutOf(auto, 'int8', 2), { sessions: 2, intraOpThreads: 1 });
    // Always a number: ONNX Runtime's default would pin its threads to cores.
    assert.deepEqual(sessionLayoutOf(auto, 'fp32', 2), { sessions: 1, intraOpThreads: 2 });
    assert.deepEqual(sessionLayoutOf(auto, 'int8', 1), { sessions: 1, intraOpThreads: 1 });
  });

  it('caps auto at a few sessions, sharing out the rest of the cores as threads', () => {
    assert.deepEqual(sessionLayoutOf(auto, 'int8', 16), {
      sessions: AUTO_SESSIONS_MAX,
      intraOpThreads: 16 / AUTO_SESSIONS_MAX,
    });
    assert.deepEqual(sessionLayoutOf(auto, 'int8', 6), { sessions: 4, intraOpThreads: 1 });
  });

  it("counts the cores it was given (a container's CPU limit) rather than the machine's", () => {
    assert.deepEqual(sessionLayoutOf({ ...auto, cpus: 3 }, 'int8', 64), { sessions: 3, intraOpThreads: 1 });
    assert.deepEqual(sessionLayoutOf({ ...auto, cpus: 3 }, 'fp32', 64), { sessions: 1, intraOpThreads: 3 });
    assert.deepEqual(sessionLayoutOf({ ...auto, sessions: 2, cpus: 4 }, 'fp32', 64), {
      sessions: 2,
      intraOpThreads: 2,
    });
  });

  it('keeps one session on a GPU (CUDA, WebGPU), where the device runs one batch at a time', () => {
    for (const provider of ['cuda', 'webgpu'] as const)
      assert.deepEqual(sessionLayoutOf({ ...auto, provider }, 'int8', 8), {
        sessions: 1,
        intraOpThreads: 8,
      });
  });

  it('takes a session count and threads per session as given', () => {
    assert.deepEqual(sessionLayoutOf({ ...auto, sessions: 1 }, 'int8', 2), {
      sessions: 1,
      intraOpThreads: 2,
    });
    assert.deepEqual(sessionLayoutOf({ ...auto, sessions: 3 }, 'fp32', 2), {
      sessions: 3,
      intraOpThreads: 1,
    });
    assert.deepEqual(sessionLayoutOf({ ...auto, intraOpThreads: 2 }, 'int8', 2), {
      sessions: 2,
      intraOpThreads: 2,
    });
  });
});
