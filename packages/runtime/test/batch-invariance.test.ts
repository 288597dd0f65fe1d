// A text's scores must not depend on what else is in its batch: with dynamic batching, its partners are other
// callers' texts (another tenant's, even). Each text is scored alone, then in batches with different partners
// (shorter and longer ones, so padded to other lengths), at different positions and among copies of itself.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesizeModel } from '@sieve/synth';
import { sharedDataFile, swiftShaderEnv } from '@sieve/testing';
import { TextClassifier, type LoadOptions, type ModelDtype, type TokenizedText } from '../src/index.ts';

const corpus = sharedDataFile('sentiment-multilingual-sample.jsonl');
// Every 30th of the 720 texts: all languages, lengths from a few tokens to a hundred.
const TEXTS =
  'path' in corpus
    ? readFileSync(corpus.path, 'utf8')
        .trim()
        .split('\n')
        .filter((_, index) => index % 30 === 0)
        .map((line) => (JSON.parse(line) as { text: string }).text)
    : [];

/** Each text's logits in every context it was scored in; the first is the text alone. */
async function logitsInContexts(
  classifier: TextClassifier,
  texts: readonly string[],
): Promise<Float32Array[][]> {
  const ids = ((await classifier.tokenize(texts)) as TokenizedText[]).map((text) => text.ids);
  const contexts: Float32Array[][] = ids.map(() => []);
  for (const [index, row] of ids.entries()) contexts[index]!.push((await classifier.predict([row]))[0]!);
  const byLength = ids.map((_, index) => index).sort((a, b) => ids[a]!.length - ids[b]!.length);
  const layouts: number[][] = [
    ids.map((_, index) => index), // all at once, padded to the longest
    [...byLength].reverse(), // the same batch, every position changed
    ...chunks(byLength, 4), // partners of similar length: little padding
    ...chunks(
      byLength.map((_, k) => byLength[(k * 7) % byLength.length]!),
      5,
    ), // mixed partners
  ];
  for (const layout of layouts) {
    const outputs = await classifier.predict(layout.map((index) => ids[index]!));
    layout.forEach((index, position) => contexts[index]!.push(outputs[position]!));
  }
  for (const [index, row] of ids.entries()) {
    // Among 6 copies of itself: another row count with no other text at all.
    contexts[index]!.push((await classifier.predict(Array.from({ length: 6 }, () => row)))[3]!);
  }
  return contexts;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, k) =>
    items.slice(k * size, (k + 1) * size),
  );
}

function softmax(logits: Float32Array): number[] {
  const max = Math.max(...logits);
  const exps = [...logits].map((logit) => Math.exp(logit - max));
  const total = exps.reduce((sum, value) => sum + value, 0);
  return exps.map((value) => value / total);
}

/** The largest move of a logit and of a probability from the text's score alone, and how many values moved at all. */
function spread(contexts: Float32Array[][]): { logit: number; probability: number; moved: number } {
  let logit = 0;
  let probability = 0;
  let moved = 0;
  for (const [alone, ...others] of contexts) {
    for (const other of others) {
      const [p, q] = [softmax(alone!), softmax(other)];
      for (let j = 0; j < alone!.length; j += 1) {
        if (alone![j] !== other[j]) moved += 1;
        logit = Math.max(logit, Math.abs(alone![j]! - other[j]!));
        probability = Math.max(probability, Math.abs(p[j]! - q[j]!));
      }
    }
  }
  return { logit, probability, moved };
}

describe(
  'batch invariance: a text scores the same alone and among any partners',
  { skip: 'skip' in corpus && corpus.skip },
  () => {
    let dir: string;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sieve-invariance-'));
      await synthesizeModel({ preset: 'tiny', outDir: dir, int8: true, fp16: true });
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    async function measured(dtype: ModelDtype, options: LoadOptions = {}) {
      const classifier = await TextClassifier.load(dir, { dtype, intraOpThreads: 2, ...options });
      try {
        return spread(await logitsInContexts(classifier, TEXTS));
      } finally {
        await classifier.close();
      }
    }

    // Bitwise: padded keys get exp(lowest - max) = 0 exactly and add exact zeros to the softmax sums and to P·V, the
    // other reductions run over the hidden width, which no partner changes, and ONNX Runtime's CPU GEMM splits work
    // over rows and columns, never over the summed dimension, so neither row count nor threads reorder a sum.
    it('fp32 on CPU: bitwise', async () => {
      assert.deepEqual(await measured('fp32'), { logit: 0, probability: 0, moved: 0 });
    });

    it('int8 (static: fixed activation scales) on CPU: bitwise', async () => {
      assert.deepEqual(await measured('int8'), { logit: 0, probability: 0, moved: 0 });
    });

    it('int8-dynamic depends on its partners: scales follow the min and max of the whole batch tensor', async (context) => {
      const { logit, probability, moved } = await measured('int8-dynamic');
      context.diagnostic(
        `largest move: ${logit.toFixed(4)} in logits, ${probability.toFixed(4)} in probability`,
      );
      // What the dynamic variant costs, shown rather than hidden: it is kept only where a user chooses it.
      assert.ok(
        moved > 0 && probability > 0.01,
        `moved ${moved} values, at most ${probability} in probability`,
      );
    });

    // ONNX Runtime's CPU provider computes float16 Softmax through casts whose vectorised sums depend on the padded
    // length: a text padded further moves in the last bits of float16 (measured up to 0.004 in logits with the
    // `small` preset). fp16 is for GPUs; on a CPU it is a check, not a serving dtype.
    it('fp16 on CPU: within 0.01 in logits', async (context) => {
      const { logit, probability } = await measured('fp16');
      context.diagnostic(
        `largest move: ${logit.toFixed(5)} in logits, ${probability.toFixed(5)} in probability`,
      );
      assert.ok(logit <= 0.01, `moved ${logit} in logits`);
    });

    it('fp32 on WebGPU (SwiftShader): within the stated tolerance', { timeout: 300_000 }, async (context) => {
      // Throws where SwiftShader is missing (install chromium): never a silent skip.
      Object.assign(process.env, swiftShaderEnv());
      const classifier = await TextClassifier.load(dir, { executionProviders: ['webgpu', 'cpu'] });
      try {
        assert.equal(classifier.info.executionProvider, 'webgpu');
        const { logit, probability } = spread(await logitsInContexts(classifier, TEXTS.slice(0, 8)));
        context.diagnostic(
          `largest move: ${logit.toExponential(2)} in logits, ${probability.toExponential(2)} in probability`,
        );
        assert.ok(logit <= WEBGPU_FP32_TOLERANCE, `moved ${logit} in logits`);
      } finally {
        await classifier.close();
      }
    });
  },
);

const WEBGPU_FP32_TOLERANCE = 1e-4;
