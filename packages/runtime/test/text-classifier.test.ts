import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyModelDir } from '@sieve/testing';
import { ModelLoadError, TextClassifier, type TokenizedText } from '../src/index.ts';

describe('TextClassifier on the tiny synthetic model', () => {
  let dir: string;
  let classifier: TextClassifier;

  before(async () => {
    dir = await tinyModelDir();
    classifier = await TextClassifier.load(dir, { intraOpThreads: 1 });
  });
  after(() => classifier.close());

  it('returns the three labels with probabilities, best first, in config order of id2label', async () => {
    assert.deepEqual(classifier.info.labels, ['positive', 'neutral', 'negative']);
    assert.match(classifier.info.digest, /^sha256:[0-9a-f]{64}$/);
    const [result] = await classifier.classify(['I love this']);
    assert.equal(result!.labels.length, 3);
    assert.deepEqual(
      new Set(result!.labels.map((l) => l.label)),
      new Set(['positive', 'neutral', 'negative']),
    );
    const scores = result!.labels.map((l) => l.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    );
    assert.ok(Math.abs(scores.reduce((a, b) => a + b, 0) - 1) < 1e-5);
    assert.ok(result!.tokenCount >= 4);
  });

  it('honours top_k and raw scores', async () => {
    const [top] = await classifier.classify(['I love this'], { topK: 1 });
    assert.equal(top!.labels.length, 1);
    const [raw] = await classifier.classify(['I love this'], { rawScores: true });
    const [probabilities] = await classifier.classify(['I love this']);
    assert.equal(raw!.labels[0]!.label, probabilities!.labels[0]!.label);
    assert.ok(
      raw!.labels.some((l) => l.score < 0 || l.score > 1) ||
        raw!.labels.reduce((a, l) => a + l.score, 0) !== 1,
    );
  });

  it('gives each text the same logits alone as padded in a batch with longer texts', async () => {
    const texts = [
      'good',
      'this is a much longer sentence that needs a lot more padding than the first one',
      'bad movie',
    ];
    const tokenized = (await classifier.tokenize(texts)) as TokenizedText[];
    const together = await classifier.predict(tokenized.map((t) => t.ids));
    for (let i = 0; i < texts.length; i++) {
      const [alone] = await classifier.predict([tokenized[i]!.ids]);
      for (let j = 0; j < alone!.length; j++) assert.ok(Math.abs(alone![j]! - together[i]![j]!) <= 1e-4);
    }
    assert.notDeepEqual([...together[0]!], [...together[1]!], 'different texts give different logits');
  });

  it('runs the int8 variant', async () => {
    const int8 = await TextClassifier.load(dir, { dtype: 'int8', intraOpThreads: 1 });
    try {
      assert.equal(int8.info.dtype, 'int8');
      assert.notEqual(int8.info.digest, classifier.info.digest);
      const [result] = await int8.classify(['I love this']);
      assert.equal(result!.labels.length, 3);
    } finally {
      await int8.close();
    }
  });

  it('asked for CUDA on a machine without it, serves on CPU and says so in one line', async () => {
    const messages: string[] = [];
    const onCpu = await TextClassifier.load(dir, {
      executionProviders: ['cuda', 'cpu'],
      onFallback: (m) => messages.push(m),
    });
    try {
      assert.equal(onCpu.info.executionProvider, 'cpu');
      assert.equal(messages.length, 1);
      assert.match(messages[0]!, /CUDA.*using CPU/);
    } finally {
      await onCpu.close();
    }
  });
});

describe('model directories that cannot be served', () => {
  let source: string;
  const scratch: string[] = [];
  before(async () => {
    source = await tinyModelDir();
  });
  after(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  function copy(): string {
    const dir = mkdtempSync(join(tmpdir(), 'sieve-broken-'));
    scratch.push(dir);
    cpSync(source, dir, { recursive: true });
    return dir;
  }

  async function loadError(
    dir: string,
    dtype: 'fp32' | 'int8' | 'int8-dynamic' = 'fp32',
  ): Promise<ModelLoadError> {
    try {
      const classifier = await TextClassifier.load(dir, { dtype });
      await classifier.close();
    } catch (error) {
      assert.ok(error instanceof ModelLoadError, `expected ModelLoadError, got ${String(error)}`);
      return error;
    }
    assert.fail('the model loaded');
  }

  it('names a missing directory', async () => {
    const error = await loadError(join(tmpdir(), 'sieve-no-such-model'));
    assert.match(error.message, /sieve-no-such-model: model directory does not exist/);
  });

  for (const file of ['config.json', 'tokenizer.json', 'onnx/model.onnx']) {
    it(`names a missing ${file}`, async () => {
      const dir = copy();
      rmSync(join(dir, file));
      const error = await loadError(dir);
      assert.equal(error.file, join(dir, file));
      assert.match(error.message, /missing/);
    });
  }

  it('names a missing int8 graph and says how to get one', async () => {
    const dir = copy();
    rmSync(join(dir, 'onnx/model_int8_static.onnx'));
    const error = await loadError(dir, 'int8');
    assert.match(error.message, /model_int8_static\.onnx.*models quantize --calibration.*int8-dynamic/);
    rmSync(join(dir, 'onnx/model_quantized.onnx'));
    assert.match((await loadError(dir, 'int8-dynamic')).message, /model_quantized\.onnx.*--int8/);
  });

  it('names a corrupt ONNX file', async () => {
    const dir = copy();
    writeFileSync(join(dir, 'onnx/model.onnx'), 'this is not a protobuf');
    const error = await loadError(dir);
    assert.equal(error.file, join(dir, 'onnx/model.onnx'));
    assert.match(error.message, /not a valid ONNX graph/);
  });

  it('names a truncated ONNX file', async () => {
    const dir = copy();
    truncateSync(join(dir, 'onnx/model.onnx'), 2000);
    const error = await loadError(dir);
    assert.equal(error.file, join(dir, 'onnx/model.onnx'));
  });

  it('names a corrupt config.json and tokenizer.json', async () => {
    const dir = copy();
    writeFileSync(join(dir, 'config.json'), '{"id2label": ');
    assert.match((await loadError(dir)).message, /config\.json: not valid JSON/);
    const other = copy();
    writeFileSync(join(other, 'tokenizer.json'), '{"model": {"type": "Nonsense"}}');
    const error = await loadError(other);
    assert.equal(error.file, join(other, 'tokenizer.json'));
  });

  it('names a config whose labels do not match the graph', async () => {
    const dir = copy();
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ id2label: { 0: 'ham', 1: 'spam' }, max_position_embeddings: 512 }),
    );
    const error = await loadError(dir);
    assert.match(error.message, /id2label has 2 labels but .* outputs 3 logits/);
  });
});
