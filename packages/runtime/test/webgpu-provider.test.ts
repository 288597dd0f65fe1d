import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { swiftShaderEnv, tinyModelDir } from '@sieve/testing';
import { TextClassifier, vulkanDrivers, webgpuUnavailableReason, type TokenizedText } from '../src/index.ts';

describe('WebGPU execution provider', () => {
  it('names the Vulkan drivers the loader is told to use, or those installed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sieve-icd-'));
    const icd = join(dir, 'nvidia_icd.json');
    writeFileSync(icd, '{}');
    assert.deepEqual(vulkanDrivers({ VK_ICD_FILENAMES: `${icd}:${join(dir, 'gone.json')}` }), [
      'nvidia_icd.json',
    ]);
    // The newer variable wins, as in the Vulkan loader.
    assert.deepEqual(vulkanDrivers({ VK_DRIVER_FILES: join(dir, 'gone.json'), VK_ICD_FILENAMES: icd }), []);
  });

  it('says why there is no adapter in the words of what is missing', () => {
    const noAdapter = 'Failed to get a WebGPU adapter: No supported adapters';
    const env = { VK_ICD_FILENAMES: '/none/x.json' };
    assert.equal(
      webgpuUnavailableReason(noAdapter, env, false),
      'no WebGPU adapter (libvulkan.so.1 not found: install libvulkan1)',
    );
    assert.equal(
      webgpuUnavailableReason(noAdapter, env, true),
      'no WebGPU adapter (no Vulkan driver: VK_ICD_FILENAMES=/none/x.json names no file)',
    );
    // Anything else (an operator without a WebGPU kernel, say) is quoted, not guessed at.
    assert.equal(
      webgpuUnavailableReason('Could not find an implementation for Foo'),
      'WebGPU execution provider failed to start (Could not find an implementation for Foo)',
    );
  });

  it(
    'computes on SwiftShader what the CPU provider computes, on a thread of its own',
    { timeout: 180_000 },
    async () => {
      // Throws where SwiftShader is missing (install chromium): never a silent skip.
      Object.assign(process.env, swiftShaderEnv());
      const dir = await tinyModelDir();
      const fallbacks: string[] = [];
      const gpu = await TextClassifier.load(dir, {
        thread: true,
        executionProviders: ['webgpu', 'cpu'],
        onFallback: (message) => fallbacks.push(message),
      });
      const cpu = await TextClassifier.load(dir, { intraOpThreads: 1 });
      try {
        assert.deepEqual(fallbacks, []);
        assert.equal(gpu.info.executionProvider, 'webgpu');
        // One session: a GPU computes one batch at a time, and the express lane is a CPU affair.
        assert.equal(gpu.info.sessions, 1);
        const texts = ['good', 'a much longer text than the first one', 'bad'];
        const rows = ((await cpu.tokenize(texts)) as TokenizedText[]).map((t) => t.ids);
        const [expected, actual] = [await cpu.predict(rows), await gpu.predict(rows)];
        // Measured: at most 6.7e-6 apart on this model's logits (fp32 sums in another order); see
        // test/serving/webgpu-worker.test.ts for the margin.
        actual.forEach((row, i) =>
          row.forEach((value, j) => assert.ok(Math.abs(value - expected[i]![j]!) < 1e-4, `${i},${j}`)),
        );
      } finally {
        await gpu.close();
        await cpu.close();
      }
    },
  );
});
