import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, delimiter, dirname, join } from 'node:path';

export type ExecutionProviderName = 'webgpu' | 'cuda' | 'cpu';

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

/** Where the Vulkan loader looks for driver manifests (ICDs) when no environment variable names them. */
const ICD_DIRECTORIES = ['/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d', '/usr/share/vulkan/icd.d'];

/**
 * The Vulkan drivers (ICD manifests) the loader would use: the files VK_DRIVER_FILES or VK_ICD_FILENAMES name (those
 * that exist), otherwise the manifests in the standard directories. Only file names: what an operator needs to tell
 * SwiftShader (`vk_swiftshader_icd.json`) from NVIDIA's (`nvidia_icd.json`). onnxruntime-node 1.30 does not expose
 * the adapter WebGPU chose (no adapter or device info in its Node API), so this is the name sieve reports.
 */
export function vulkanDrivers(env: NodeJS.ProcessEnv = process.env): string[] {
  const named = env.VK_DRIVER_FILES || env.VK_ICD_FILENAMES;
  if (named)
    return named
      .split(delimiter)
      .filter((file) => file && existsSync(file))
      .map((file) => basename(file));
  return ICD_DIRECTORIES.flatMap((dir) =>
    existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith('.json')) : [],
  );
}

/** Whether the Vulkan loader (libvulkan.so.1) is in a directory the dynamic linker searches by default or is told. */
export function vulkanLoaderFound(env: NodeJS.ProcessEnv = process.env): boolean {
  const triplet = `${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`;
  const dirs = [
    ...(env.LD_LIBRARY_PATH ?? '').split(delimiter).filter(Boolean),
    `/lib/${triplet}`,
    `/usr/lib/${triplet}`,
    '/lib64',
    '/usr/lib64',
    '/lib',
    '/usr/lib',
    '/usr/local/lib',
  ];
  return dirs.some((dir) => existsSync(join(dir, 'libvulkan.so.1')));
}

/**
 * Why WebGPU found no adapter, in the words of what is missing. Said only once session creation has failed: the
 * provider itself decides whether an adapter exists (a loader in an unusual directory still works), this only
 * names the likely cause.
 */
export function webgpuUnavailableReason(
  error: string,
  env: NodeJS.ProcessEnv = process.env,
  loaderFound = vulkanLoaderFound(env),
): string {
  if (!/adapter/i.test(error)) return `WebGPU execution provider failed to start (${error})`;
  if (!loaderFound) return 'no WebGPU adapter (libvulkan.so.1 not found: install libvulkan1)';
  const named = env.VK_DRIVER_FILES || env.VK_ICD_FILENAMES;
  const drivers = vulkanDrivers(env);
  if (drivers.length === 0)
    return named
      ? `no WebGPU adapter (no Vulkan driver: ${env.VK_DRIVER_FILES ? 'VK_DRIVER_FILES' : 'VK_ICD_FILENAMES'}=${named} names no file)`
      : `no WebGPU adapter (no Vulkan driver: no ICD in ${ICD_DIRECTORIES.join(', ')})`;
  return `no WebGPU adapter (Vulkan drivers ${drivers.join(', ')} offered none Dawn accepts)`;
}
