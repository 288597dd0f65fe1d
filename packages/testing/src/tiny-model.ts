import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesizeModel } from '@sieve/synth';

const made = new Map<string, Promise<string>>();

/**
 * A synthetic `tiny` model directory (fp32 + int8) for this test process, generated once and removed at exit.
 * Tests never depend on committed weights.
 */
export function tinyModelDir(seed = 42): Promise<string> {
  const key = String(seed);
  let dir = made.get(key);
  if (!dir) {
    const outDir = mkdtempSync(join(tmpdir(), `sieve-tiny-${seed}-`));
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
    dir = synthesizeModel({ preset: 'tiny', outDir, seed, int8: true }).then(() => outDir);
    made.set(key, dir);
  }
  return dir;
}
