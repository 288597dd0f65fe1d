import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AUTO_SESSIONS_MAX,
  estimatedPeakMb,
  memoryBoundMb,
  sessionLayoutOf,
  type SessionLayoutWanted,
} from '../src/session-layout.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wordEmbeddingTableBytes, type ModelDtype } from '../src/model-directory.ts';

const auto = { sessions: 'auto', provider: 'cpu' } as const;

/** The layout without its reason (the reason is checked where it matters). */
function layoutOf(wanted: SessionLayoutWanted, dtype: ModelDtype, cores: number) {
  const { sessions, intraOpThreads } = sessionLayoutOf(wanted, dtype, cores);
  return { sessions, intraOpThreads };
}

const MB = 2 ** 20;

describe('sessionLayoutOf', () => {
  it('without the model size, gives int8 models on CPU one single-thread session per core (auto), fp32 one session', () => {
    assert.deepEqual(layoutOf(auto, 'int8', 2), { sessions: 2, intraOpThreads: 1 });
    // Always a number: ONNX Runtime's default would pin its threads to cores.
    assert.deepEqual(layoutOf(auto, 'fp32', 2), { sessions: 1, intraOpThreads: 2 });
    assert.deepEqual(layoutOf(auto, 'int8', 1), { sessions: 1, intraOpThreads: 1 });
  });

  it('caps auto at a few sessions, sharing out the rest of the cores as threads', () => {
    assert.deepEqual(layoutOf(auto, 'int8', 16), {
      sessions: AUTO_SESSIONS_MAX,
      intraOpThreads: 16 / AUTO_SESSIONS_MAX,
    });
    assert.deepEqual(layoutOf(auto, 'int8', 6), { sessions: 4, intraOpThreads: 1 });
  });

  it("counts the cores it was given (a container's CPU limit) rather than the machine's", () => {
    assert.deepEqual(layoutOf({ ...auto, cpus: 3 }, 'int8', 64), { sessions: 3, intraOpThreads: 1 });
    assert.deepEqual(layoutOf({ ...auto, cpus: 3 }, 'fp32', 64), { sessions: 1, intraOpThreads: 3 });
    assert.deepEqual(layoutOf({ ...auto, sessions: 2, cpus: 4 }, 'fp32', 64), {
      sessions: 2,
      intraOpThreads: 2,
    });
  });

  it('keeps one session on a GPU (CUDA, WebGPU), where the device runs one batch at a time', () => {
    for (const provider of ['cuda', 'webgpu'] as const)
      assert.deepEqual(layoutOf({ ...auto, provider }, 'int8', 8), {
        sessions: 1,
        intraOpThreads: 8,
      });
  });

  it('takes a session count and threads per session as given', () => {
    assert.deepEqual(layoutOf({ ...auto, sessions: 1 }, 'int8', 2), {
      sessions: 1,
      intraOpThreads: 2,
    });
    assert.deepEqual(layoutOf({ ...auto, sessions: 3 }, 'fp32', 2), {
      sessions: 3,
      intraOpThreads: 1,
    });
    assert.deepEqual(layoutOf({ ...auto, intraOpThreads: 2 }, 'int8', 2), {
      sessions: 2,
      intraOpThreads: 2,
    });
  });

  it('gives auto as many one-thread sessions as cores while their estimated peak fits the memory bound', () => {
    // A small model (a distilled head, a test's tiny model): the sessions' copies are cheap.
    const small = { ...auto, modelBytes: 20 * MB };
    assert.deepEqual(layoutOf(small, 'int8', 2), { sessions: 2, intraOpThreads: 1 });
    assert.deepEqual(layoutOf(small, 'fp32', 2), { sessions: 2, intraOpThreads: 1 });
    assert.match(sessionLayoutOf(small, 'int8', 2).reason, /one single-thread session per core: 2 fit/);
  });

  it('gives the full-size models one session per core on 2 cores: the word embedding table is not in each', () => {
    // The benchmark's models: int8 130 MB with an 88 MB table (two sessions peaked at 312 MB against 369), fp32
    // 516 MB with a 350 MB table (two at 543 against 871); bench/NOTES.md, session of 2026-12-06 17:10.
    const table = 119_547 * 768;
    for (const [dtype, mb, tableBytes, onFour] of [
      ['int8', 130, table, { sessions: 2, intraOpThreads: 2 }],
      ['fp32', 516, table * 4, { sessions: 3, intraOpThreads: 1 }],
    ] as const) {
      const wanted = { ...auto, modelBytes: mb * MB, wordEmbeddingBytes: tableBytes };
      assert.deepEqual(layoutOf(wanted, dtype, 2), { sessions: 2, intraOpThreads: 1 });
      assert.match(sessionLayoutOf(wanted, dtype, 2).reason, /2 fit the memory bound/);
      // More cores: as many as fit, the other cores as threads.
      assert.deepEqual(layoutOf(wanted, dtype, 4), onFour);
      assert.ok(estimatedPeakMb(dtype, mb * MB, 2, tableBytes) < estimatedPeakMb(dtype, mb * MB, 2));
    }
  });

  it('keeps the full-size models to one session of every core when each holds the table', () => {
    // The benchmark's models: int8 130 MB (one session peaked at 358 MB, two at 564; bound 369), fp32 516 MB.
    for (const [dtype, mb] of [
      ['int8', 130],
      ['fp32', 516],
    ] as const) {
      const wanted = { ...auto, modelBytes: mb * MB };
      assert.deepEqual(layoutOf(wanted, dtype, 2), { sessions: 1, intraOpThreads: 2 });
      assert.ok(
        estimatedPeakMb(dtype, mb * MB, 1) <= memoryBoundMb(mb * MB) + 20,
        `${dtype}: one session fits`,
      );
      assert.ok(estimatedPeakMb(dtype, mb * MB, 2) > memoryBoundMb(mb * MB), `${dtype}: two do not`);
      const { reason } = sessionLayoutOf(wanted, dtype, 2);
      assert.match(reason, /2 sessions would pass the memory bound/);
      assert.match(reason, new RegExp(`bound ${memoryBoundMb(mb * MB)} MB`));
    }
    assert.equal(memoryBoundMb(130 * MB), 369);
    assert.equal(memoryBoundMb(516 * MB), 871);
  });

  it('stops at the largest count that fits, sharing the cores out as threads', () => {
    // Three sessions of a 60 MB int8 model: 160 + 3 x 96 = 448 MB against a bound of 278: one fits (256 MB).
    const wanted = { ...auto, modelBytes: 60 * MB };
    assert.equal(memoryBoundMb(60 * MB), 278);
    assert.deepEqual(layoutOf(wanted, 'int8', 3), { sessions: 1, intraOpThreads: 3 });
    // 40 MB: two would peak at 160 + 2 x 64 = 288 MB against 252; one at 224.
    assert.deepEqual(layoutOf({ ...auto, modelBytes: 40 * MB }, 'int8', 4), {
      sessions: 1,
      intraOpThreads: 4,
    });
    // 8 MB: 160 + n x 12.8 against 210: three fit, not four.
    assert.deepEqual(layoutOf({ ...auto, modelBytes: 8 * MB }, 'int8', 4), {
      sessions: 3,
      intraOpThreads: 1,
    });
  });

  it('says why, whatever decided it', () => {
    assert.equal(
      sessionLayoutOf({ ...auto, sessions: 2, modelBytes: 516 * MB }, 'fp32', 2).reason,
      'sessions as configured',
    );
    assert.match(
      sessionLayoutOf({ ...auto, provider: 'cuda', modelBytes: MB }, 'fp32', 2).reason,
      /cuda runs one batch/,
    );
    assert.match(sessionLayoutOf({ ...auto, modelBytes: MB }, 'int8', 1).reason, /one core/);
  });

  it('never lets the memory rule override a count or threads that were set', () => {
    const big = { ...auto, modelBytes: 516 * MB };
    assert.deepEqual(layoutOf({ ...big, sessions: 2 }, 'fp32', 2), { sessions: 2, intraOpThreads: 1 });
    assert.deepEqual(layoutOf({ ...big, intraOpThreads: 1 }, 'fp32', 2), { sessions: 1, intraOpThreads: 1 });
  });
});

describe('wordEmbeddingTableBytes', () => {
  it("is the vocabulary times the width, at the graph's bytes per value; 0 where nothing is cut or known", () => {
    const dir = mkdtempSync(join(tmpdir(), 'sieve-table-bytes-'));
    try {
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ vocab_size: 1000, dim: 64 }));
      assert.equal(wordEmbeddingTableBytes(dir, 'fp32'), 256_000);
      assert.equal(wordEmbeddingTableBytes(dir, 'int8'), 64_000);
      assert.equal(wordEmbeddingTableBytes(dir, 'int8-dynamic'), 64_000);
      assert.equal(wordEmbeddingTableBytes(dir, 'fp16'), 0);
      // BERT names the width hidden_size.
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ vocab_size: 1000, hidden_size: 32 }));
      assert.equal(wordEmbeddingTableBytes(dir, 'int8'), 32_000);
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ dim: 64 }));
      assert.equal(wordEmbeddingTableBytes(dir, 'fp32'), 0);
      assert.equal(wordEmbeddingTableBytes(join(dir, 'missing'), 'fp32'), 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
