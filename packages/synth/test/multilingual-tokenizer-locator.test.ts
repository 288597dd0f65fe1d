import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { findMultilingualTokenizer } from '../src/index.ts';

const ENVIRONMENT_KEYS = ['SIEVE_SHARED_DATA', 'HF_HOME', 'HF_HUB_CACHE', 'XDG_CACHE_HOME', 'HOME'] as const;

describe('findMultilingualTokenizer', () => {
  let saved: Record<string, string | undefined>;
  let scratch: string;

  beforeEach(async () => {
    saved = Object.fromEntries(ENVIRONMENT_KEYS.map((key) => [key, process.env[key]]));
    scratch = await mkdtemp(join(tmpdir(), 'sieve-synth-locator-'));
    // Empty places everywhere, so files on this machine cannot leak into the result.
    for (const key of ENVIRONMENT_KEYS) delete process.env[key];
    process.env['HOME'] = join(scratch, 'home');
    process.env['SIEVE_SHARED_DATA'] = join(scratch, 'shared');
    process.env['HF_HOME'] = join(scratch, 'hf-home');
  });
  afterEach(async () => {
    for (const key of ENVIRONMENT_KEYS) {
      const value = saved[key];
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await rm(scratch, { recursive: true, force: true });
  });

  it('finds the tokenizer in SIEVE_SHARED_DATA', async () => {
    const file = join(scratch, 'shared', 'bert-base-multilingual-cased.tokenizer.json');
    await mkdir(join(scratch, 'shared'));
    await writeFile(file, '{}');
    assert.equal(findMultilingualTokenizer(), file);
  });

  it('falls back to a Hugging Face hub cache snapshot under HF_HOME', async () => {
    const snapshot = join(
      scratch,
      'hf-home',
      'hub',
      'models--distilbert-base-multilingual-cased',
      'snapshots',
      'abc',
    );
    await mkdir(snapshot, { recursive: true });
    await writeFile(join(snapshot, 'tokenizer.json'), '{}');
    assert.equal(findMultilingualTokenizer(), join(snapshot, 'tokenizer.json'));
  });

  it('throws listing where it looked and naming SIEVE_SHARED_DATA when nothing is found', () => {
    assert.throws(findMultilingualTokenizer, (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.match(error.message, /SIEVE_SHARED_DATA/);
      assert.ok(
        error.message.includes(join(scratch, 'shared', 'bert-base-multilingual-cased.tokenizer.json')),
      );
      assert.ok(
        error.message.includes(join(scratch, 'hf-home', 'hub', 'models--distilbert-base-multilingual-cased')),
      );
      assert.ok(
        error.message.includes('models--lxyuan--distilbert-base-multilingual-cased-sentiments-student'),
      );
      return true;
    });
  });
});
