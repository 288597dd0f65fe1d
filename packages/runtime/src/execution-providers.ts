import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ExecutionProviderName = 'cuda' | 'cpu';

const require = createRequire(import.meta.url);

/**
 * onnxruntime-node ships the CPU provider in its npm package; the CUDA provider is a separate shared library that
 * its install script downloads when run with ONNXRUNTIME_NODE_INSTALL=cuda12 (see docs/deployment.md "GPU"). Asking for CUDA
 * without that library fails deep inside session creation, so look for it first.
 */
export function cudaProviderInstalled(): boolean {
  const packageDir = dirname(require.resolve('onnxruntime-node/package.json'));
  const binDir = join(packageDir, 'bin', 'napi-v6', process.platform, process.arch);
  return ['libonnxruntime_providers_cuda.so', 'onnxruntime_providers_cuda.dll'].some((name) =>
    existsSync(join(binDir, name)),
  );
}
