import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCeilingOptions } from '../ceiling-options.ts';

describe('parseCeilingOptions', () => {
  const required = ['--model', 'm', '--texts', 't.jsonl'];

  it("defaults to the full bench's sizes, fp32, the runtime's providers and both layouts on several cores", () => {
    assert.deepEqual(parseCeilingOptions(required, 4), {
      modelDir: 'm',
      dtype: 'fp32',
      textsFile: 't.jsonl',
      texts: 400,
      batchSizes: [1, 2, 4, 8, 16],
      layouts: [1, 4],
      latencyTexts: 100,
      scores: false,
    });
  });

  it('takes --quick sizes, providers in order, a dtype, an output file and --scores', () => {
    const options = parseCeilingOptions(
      [...required, '--quick', '--providers', 'webgpu,cpu', '--dtype', 'fp16', '--out', 'o.json', '--scores'],
      1,
    );
    assert.deepEqual(options, {
      modelDir: 'm',
      dtype: 'fp16',
      executionProviders: ['webgpu', 'cpu'],
      textsFile: 't.jsonl',
      texts: 48,
      batchSizes: [1, 4, 8],
      layouts: [1],
      latencyTexts: 20,
      out: 'o.json',
      scores: true,
    });
  });

  it('refuses a missing model or corpus, an unknown dtype and a batch size that is not a positive integer', () => {
    assert.throws(() => parseCeilingOptions(['--texts', 't'], 1), /--model/);
    assert.throws(() => parseCeilingOptions(['--model', 'm'], 1), /--texts/);
    assert.throws(() => parseCeilingOptions([...required, '--dtype', 'bf16'], 1), /--dtype: "bf16"/);
    assert.throws(() => parseCeilingOptions([...required, '--batch-sizes', '4,0'], 1), /--batch-sizes/);
  });

  it('answers --help with the usage', () => {
    assert.ok('help' in parseCeilingOptions(['--help'], 1));
  });
});
