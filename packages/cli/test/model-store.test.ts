// Which version of a name `pnpm start` serves: the complete one (manifest written) with the latest manifest time,
// whatever the folder names; interrupted (.partial) and manifest-less folders are listed but never chosen.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordModelDirectory } from '@sieve/hub';
import { synthesizeModel } from '@sieve/synth';
import { listStoredVersions, modelStoreDir } from '../src/model-store.ts';
import { newestCompleteVersion, nextSynthVersion } from '../src/store-version-choice.ts';

const FILES = ['config.json', 'tokenizer.json', 'onnx/model.onnx'];

describe('the model store', () => {
  const store = mkdtempSync(join(tmpdir(), 'sieve-model-store-'));
  const tiny = join(store, '.tiny');
  const made = synthesizeModel({ preset: 'tiny', outDir: tiny });
  after(() => rmSync(store, { recursive: true, force: true }));

  async function version(folder: string, completedAt?: string): Promise<void> {
    const dir = join(store, 'sentiment', folder);
    await made;
    cpSync(tiny, dir, { recursive: true });
    if (!completedAt) return;
    await recordModelDirectory(dir, {
      name: 'sentiment',
      version: folder,
      source: { repo: 'sieve-synth/tiny', revision: 'seed-42' },
      files: FILES,
    });
    const manifestPath = join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, pulledAt: completedAt }));
  }

  it('serves the complete version whose manifest is newest, never a .partial or manifest-less folder', async () => {
    await version('zzzz00000000', '2026-01-01T00:00:00.000Z');
    await version('aaaa00000000', '2026-03-01T00:00:00.000Z');
    await version('2', '2026-02-01T00:00:00.000Z');
    // Newer folders by name and by modification time, but incomplete.
    await version('zzzz11111111.partial');
    await version('zzzz22222222');
    mkdirSync(join(store, 'sentiment', '.hidden'), { recursive: true });

    const versions = await listStoredVersions(store);
    assert.deepEqual(
      versions.map((v) => [v.version, v.complete, v.synthetic]),
      [
        ['2', true, true],
        ['aaaa00000000', true, true],
        ['zzzz00000000', true, true],
        ['zzzz11111111.partial', false, true],
        ['zzzz22222222', false, true],
      ],
    );
    assert.match(versions.find((v) => v.version.endsWith('.partial'))!.problem!, /interrupted/);
    assert.match(versions.find((v) => v.version === 'zzzz22222222')!.problem!, /missing/);
    assert.equal(newestCompleteVersion(versions)?.version, 'aaaa00000000');
    assert.equal(newestCompleteVersion(versions.filter((v) => !v.complete)), undefined);
  });

  it('numbers synthesized versions after every numbered folder, interrupted ones included', () => {
    assert.equal(nextSynthVersion([]), '1');
    assert.equal(nextSynthVersion(['1', '3.partial', 'a1b2c3d4e5f6']), '4');
    // A 12-digit commit prefix is not a synth number.
    assert.equal(nextSynthVersion(['123456789012', '2']), '3');
  });

  it('lives in $SIEVE_MODEL_STORE, else in the XDG data directory, never in the working directory', () => {
    assert.equal(modelStoreDir({ SIEVE_MODEL_STORE: '/srv/models' }), '/srv/models');
    assert.equal(modelStoreDir({ XDG_DATA_HOME: '/data' }), '/data/sieve/models');
  });
});
