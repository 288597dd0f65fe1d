import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { batchingOf, CPU_BATCHING, GPU_BATCHING, loadEnvConfig, workerConfigSchema } from '../src/index.ts';

/** A worker's environment with no batching setting. */
const base = { SIEVE_MODEL_DIR: '/models/tiny' };
const unset = loadEnvConfig(workerConfigSchema, base);

describe('batchingOf', () => {
  it('batches small on CPU (32 texts, 192 padded tokens, no wait, 1.1)', () => {
    assert.deepEqual(batchingOf(unset, 'cpu'), {
      maxBatchTexts: 32,
      maxBatchTokens: 192,
      maxWaitMs: 0,
      maxPaddingRatio: 1.1,
    });
    assert.deepEqual(batchingOf(unset, 'cpu'), CPU_BATCHING);
  });

  it('batches wider on a GPU provider, CUDA or WebGPU', () => {
    for (const provider of ['cuda', 'webgpu']) assert.deepEqual(batchingOf(unset, provider), GPU_BATCHING);
    assert.ok(GPU_BATCHING.maxBatchTexts > CPU_BATCHING.maxBatchTexts);
    assert.ok(GPU_BATCHING.maxBatchTokens > CPU_BATCHING.maxBatchTokens);
    assert.ok(GPU_BATCHING.maxPaddingRatio > CPU_BATCHING.maxPaddingRatio);
  });

  it('takes each setting the environment gives, on any provider', () => {
    const config = loadEnvConfig(workerConfigSchema, {
      ...base,
      SIEVE_MAX_BATCH_TOKENS: '32768',
      SIEVE_MAX_PADDING_RATIO: '1.5',
    });
    assert.deepEqual(batchingOf(config, 'webgpu'), {
      ...GPU_BATCHING,
      maxBatchTokens: 32768,
      maxPaddingRatio: 1.5,
    });
    assert.deepEqual(batchingOf(config, 'cpu'), {
      ...CPU_BATCHING,
      maxBatchTokens: 32768,
      maxPaddingRatio: 1.5,
    });
  });
});
