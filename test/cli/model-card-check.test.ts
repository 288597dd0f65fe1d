// `sieve models check-reference` as a user runs it: absent weights say how to pull them, synthetic weights are
// refused before anything runs, and weights that run but are not the card's fail, printing each difference.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDataFile, tinyModelDir } from '@sieve/testing';
import { runSieve } from '../fixtures/sieve-cli.ts';

const reference = sharedDataFile('model-card-reference.json');

describe('sieve models check-reference', { timeout: 120_000 }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-card-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('says how to pull the model when the store has none, or the directory holds none', async () => {
    const empty = join(dir, 'empty-store');
    const run = await runSieve(['models', 'check-reference'], { env: { SIEVE_MODEL_STORE: empty } });
    assert.equal(run.code, 5, run.stderr);
    assert.match(
      run.stderr,
      /no complete version of sentiment in .*empty-store: nothing to check; pull the real model with `sieve models pull`/,
    );
    const missing = await runSieve(['models', 'check-reference', join(dir, 'nothing-here')]);
    assert.equal(missing.code, 5);
    assert.match(
      missing.stderr,
      /nothing-here: no model there \(no config\.json\); pull the real model with `sieve models pull`/,
    );
  });

  it('refuses synthetic weights: they cannot match the model card', async () => {
    const run = await runSieve(['models', 'check-reference', await tinyModelDir()]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /synthetic weights: cannot match the model card/);
    assert.equal(run.stdout, '', 'nothing ran');
  });

  it(
    'fails weights that run but are not the published ones, showing each probability beside the card',
    { skip: 'skip' in reference ? reference.skip : false },
    async () => {
      // The tiny model without its synthetic mark: it runs, has the card's labels, and gives other numbers.
      const unmarked = join(dir, 'unmarked');
      cpSync(await tinyModelDir(), unmarked, { recursive: true });
      const config = JSON.parse(readFileSync(join(unmarked, 'config.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      delete config.sieve_synthetic;
      writeFileSync(join(unmarked, 'config.json'), JSON.stringify(config));
      const path = (reference as { path: string }).path;
      const run = await runSieve(['models', 'check-reference', unmarked, '--reference', path]);
      assert.equal(run.code, 1, run.stderr);
      assert.match(
        run.stdout,
        /FAIL \[en\] I love this movie and i would watch it again and again!: positive 0\.\d{4} \(card 0\.9731\)/,
      );
      assert.match(run.stdout, /failed: these weights do not give the published outputs/);
      const json = await runSieve(['models', 'check-reference', unmarked, '--reference', path, '--json']);
      const check = JSON.parse(json.stdout) as { passed: boolean; labelsMatch: boolean; examples: unknown[] };
      assert.equal(check.passed, false);
      assert.equal(check.labelsMatch, true, 'the synthetic config carries the real id2label');
      assert.equal(check.examples.length, 3);
    },
  );
});
