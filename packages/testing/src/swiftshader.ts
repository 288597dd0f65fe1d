import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian's chromium package installs SwiftShader's Vulkan driver manifest (`dpkg -L chromium`). */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * The environment that makes ONNX Runtime's WebGPU provider run with no GPU: the Vulkan loader pointed at
 * SwiftShader, a CPU implementation of Vulkan, and a private XDG_RUNTIME_DIR (Dawn and SwiftShader keep state
 * there; the user's may not exist in CI). Throws, never skips, where SwiftShader is missing: CI installs it, and a
 * GPU path that silently stops being tested is worse than a red test saying what to install.
 */
export function swiftShaderEnv(): { VK_ICD_FILENAMES: string; XDG_RUNTIME_DIR: string } {
  if (!existsSync(SWIFTSHADER_ICD))
    throw new Error(
      `SwiftShader's Vulkan driver (${SWIFTSHADER_ICD}) is missing: install Debian's chromium and libvulkan1 ` +
        '(apt-get install chromium libvulkan1; .ci/run checks for them) to test the WebGPU provider',
    );
  return {
    VK_ICD_FILENAMES: SWIFTSHADER_ICD,
    XDG_RUNTIME_DIR: mkdtempSync(join(tmpdir(), 'sieve-xdg-')),
  };
}
