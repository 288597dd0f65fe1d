// `sieve models quantize`: the batch-invariant int8 graph of any fp32 model directory, calibrated on a user's texts,
// joins the manifest and is what `--int8` serves; the hub's dynamic graph stays behind `--int8-dynamic`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runSieve } from '../fixtures/sieve-cli.ts';

describe('sieve models quantize', { timeout: 180_000 }, () => {
  let dir: string;
  let model: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-quantize-'));
    model = join(dir, 'tiny');
    // fp32 only: quantize needs nothing but the fp32 export, as a pulled model has.
    const synth = await runSieve(['models', 'synth', '--preset', 'tiny', '--out', model, '--no-progress']);
    assert.equal(synth.code, 0, synth.stderr);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes onnx/model_int8_static.onnx, records it in the manifest, and --int8 serves it', async () => {
    const run = await runSieve([
      'models',
      'quantize',
      '--calibration',
      join(repoRoot, 'examples/messages.txt'),
      model,
    ]);
    assert.equal(run.code, 0, run.stderr);
    const graph = join(model, 'onnx/model_int8_static.onnx');
    assert.equal(run.stdout, `${graph}\n`);
    assert.ok(existsSync(graph));
    const manifest = JSON.parse(readFileSync(join(model, 'manifest.json'), 'utf8')) as {
      files: Record<string, { sha256: string }>;
    };
    assert.match(manifest.files['onnx/model_int8_static.onnx']?.sha256 ?? '', /^[0-9a-f]{64}$/);

    const classify = await runSieve(['classify', '--local', model, '--int8', '--json', 'great service']);
    assert.equal(classify.code, 0, classify.stderr);
    assert.equal(JSON.parse(classify.stdout).labels.length, 3);
    // No dynamic graph in this directory: --int8-dynamic says so and how to get one.
    const dynamic = await runSieve(['classify', '--local', model, '--int8-dynamic', 'great service']);
    assert.notEqual(dynamic.code, 0);
    assert.match(dynamic.stderr, /model_quantized\.onnx/);
  });

  it('refuses a calibration file with a bad line, naming it, and writes nothing', async () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"text": "fine"}\n{"txt": "typo"}\n');
    const other = join(dir, 'other');
    const synth = await runSieve(['models', 'synth', '--preset', 'tiny', '--out', other, '--no-progress']);
    assert.equal(synth.code, 0, synth.stderr);
    const run = await runSieve(['models', 'quantize', '--calibration', bad, other]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /bad\.jsonl:2/);
    assert.ok(!existsSync(join(other, 'onnx/model_int8_static.onnx')));
  });
});
