// What `pnpm start` refuses before it starts anything (a bad admin token, no model, clashing flags), with the exact
// fix in the message and a usage exit code; and where `models pull` puts a model by default: the store in the user's
// data directory, never the repository.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeHub, tinyModelDir, type FakeRepoFile } from '@sieve/testing';
import { repoRoot, runSieve, type SieveRun } from '../fixtures/sieve-cli.ts';

describe('pnpm start refusals and the default model store', { timeout: 120_000 }, () => {
  let home: string;
  let hub: FakeHub;

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'sieve-start-refusals-'));
    const tiny = await tinyModelDir();
    const files: Record<string, FakeRepoFile> = {};
    for (const path of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'])
      files[path] = { content: readFileSync(join(tiny, path)), lfs: false };
    files['onnx/model.onnx'] = { content: readFileSync(join(tiny, 'onnx/model.onnx')), lfs: true };
    hub = await FakeHub.start(files);
  });
  after(async () => {
    await hub?.close();
    rmSync(home, { recursive: true, force: true });
  });

  /** The CLI with a data directory of its own (XDG_DATA_HOME) and none of the caller's sieve settings. */
  function sieve(
    args: string[],
    env: Record<string, string> = {},
    xdg = join(home, 'xdg'),
  ): Promise<SieveRun> {
    const unset = Object.fromEntries(
      Object.keys(process.env)
        .filter((name) => /^(SIEVE_|REDIS_URL$)/.test(name))
        .map((name) => [name, undefined]),
    );
    // Asynchronously: the stand-in hub answers from this process's event loop.
    return runSieve(args, { env: { ...unset, XDG_DATA_HOME: xdg, ...env } });
  }

  it('refuses a SIEVE_ADMIN_TOKEN the gateway would refuse, naming the rule, before anything starts', async () => {
    const xdg = join(home, 'bad-token');
    const run = await sieve(
      ['start', '--model-dir', await tinyModelDir()],
      { SIEVE_ADMIN_TOKEN: 'short' },
      xdg,
    );
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /SIEVE_ADMIN_TOKEN is refused: it must be at least 24 characters/);
    assert.match(run.stderr, /openssl rand -hex 24/);
    assert.equal(run.stdout, '');
    // No Redis started, no token file, no data directory at all.
    assert.equal(existsSync(xdg), false);
  });

  it('refuses an admin token file that breaks the rule', async () => {
    const xdg = join(home, 'bad-file');
    mkdirSync(join(xdg, 'sieve'), { recursive: true });
    writeFileSync(join(xdg, 'sieve', 'admin-token'), 'too-short\n', { mode: 0o600 });
    const run = await sieve(['start', '--model-dir', await tinyModelDir()], {}, xdg);
    assert.equal(run.code, 2, run.stderr);
    assert.ok(run.stderr.includes(`the admin token in ${join(xdg, 'sieve', 'admin-token')} is refused`));
    assert.equal(existsSync(join(xdg, 'sieve', 'redis')), false);
  });

  it('without a model, names the store and the commands that make one', async () => {
    const xdg = join(home, 'empty');
    const run = await sieve(['start'], {}, xdg);
    assert.equal(run.code, 1, run.stderr);
    assert.ok(
      run.stderr.includes(
        `no complete version of "sentiment" in the model store ${join(xdg, 'sieve', 'models', 'sentiment')}`,
      ),
      run.stderr,
    );
    assert.match(run.stderr, /pnpm exec sieve models synth --preset tiny/);
    assert.match(run.stderr, /pnpm exec sieve models pull/);
    // Nothing made: not even the admin token.
    assert.equal(existsSync(xdg), false);
  });

  it('refuses clashing or malformed flags with the usage exit code', async () => {
    const dir = await tinyModelDir();
    const both = await sieve(['start', '--model', 'sentiment', '--model-dir', dir]);
    assert.equal(both.code, 2, both.stderr);
    const metrics = await sieve(['start', '--model-dir', dir, '--metrics', 'localhost']);
    assert.equal(metrics.code, 2, metrics.stderr);
    assert.match(metrics.stderr, /--metrics "localhost": expected HOST:PORT/);
    const envMetrics = await sieve(['start', '--model-dir', dir, '--workers', '3'], {
      SIEVE_METRICS_ADDRESS: '127.0.0.1:65534',
    });
    assert.equal(envMetrics.code, 2, envMetrics.stderr);
    assert.match(
      envMetrics.stderr,
      /SIEVE_METRICS_ADDRESS 127\.0\.0\.1:65534: .*PORT must be from 1 to 65532/,
    );
  });

  it('pulls into <store>/sentiment/<commit> in the data directory, printing only the path on stdout', async () => {
    const xdg = join(home, 'pull');
    const run = await sieve(['models', 'pull', '--endpoint', hub.endpoint, '--no-progress'], {}, xdg);
    assert.equal(run.code, 0, run.stderr);
    const dir = join(xdg, 'sieve', 'models', 'sentiment', hub.commit.slice(0, 12));
    assert.equal(run.stdout, `${dir}\n`);
    assert.ok(existsSync(join(dir, 'manifest.json')));
    assert.match(run.stderr, new RegExp(`pulled distilbert-multilingual-sentiment|pulled sentiment`));
    assert.equal(existsSync(join(repoRoot, 'models')), false, 'a models/ folder appeared in the repository');

    const list = await sieve(['models', 'list'], {}, xdg);
    assert.equal(list.code, 0, list.stderr);
    const rows = list.stdout.trim().split('\n');
    assert.match(rows[0]!, /^NAME\s+VERSION\s+COMPLETE\s+SYNTHETIC\s+CREATED\s+PATH$/);
    // The stand-in hub serves the tiny synthetic model: its config.json says so.
    assert.match(
      rows[1]!,
      new RegExp(`^sentiment\\s+${hub.commit.slice(0, 12)}\\s+yes \\(newest\\)\\s+yes\\s`),
    );
    assert.deepEqual(readdirSync(join(xdg, 'sieve', 'models')), ['sentiment']);
  });
});
