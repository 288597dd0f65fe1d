import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '@sieve/eval';
import {
  decodeHeadWeights,
  encodeHeadWeights,
  headLogits,
  HeadTrainingError,
  headTrainingSteps,
  stratifiedSplit,
  trainHead,
} from '../src/index.ts';

/** Gaussian blobs in `dim` dimensions, one per class, `counts[c]` points each, centres `spread` apart. */
function blobs(counts: number[], dim: number, spread: number, seed = 7) {
  const random = new SeededRandom(seed);
  const centres = counts.map(() => Array.from({ length: dim }, () => random.normal() * spread));
  const features: number[][] = [];
  const labels: number[] = [];
  counts.forEach((count, label) => {
    for (let n = 0; n < count; n++) {
      // An offset and a scale far from 0 and 1, as raw backbone features have: standardisation must handle them.
      features.push(centres[label]!.map((centre) => 50 + 10 * (centre + random.normal())));
      labels.push(label);
    }
  });
  return { features, labels };
}

const predict = (weights: ReturnType<typeof trainHead>['weights'], row: number[]) => {
  const logits = headLogits(weights, row);
  return logits.indexOf(Math.max(...logits));
};

describe('head training', () => {
  it('separates separable classes almost perfectly, well above the majority baseline', () => {
    const { features, labels } = blobs([300, 200, 100], 16, 3);
    const { metrics } = trainHead(features, labels, { labels: ['a', 'b', 'c'] });
    assert.ok(metrics.holdout.accuracy >= 0.98, `accuracy ${metrics.holdout.accuracy}`);
    assert.ok(metrics.holdout.macroF1 >= 0.98, `macro-F1 ${metrics.holdout.macroF1}`);
    assert.equal(metrics.baseline.label, 'a');
    assert.ok(metrics.baseline.macroF1 < 0.3, `baseline ${metrics.baseline.macroF1}`);
    // Stratified: each label keeps its share in the held-out split (20%).
    assert.deepEqual(
      metrics.holdout.perLabel.map((label) => label.support),
      [60, 40, 20],
    );
    assert.equal(metrics.trainCount + metrics.validationCount + metrics.holdoutCount, 600);
    assert.ok(metrics.bestEpoch >= 1 && metrics.bestEpoch <= metrics.epochs);
  });

  it('keeps a rare label found with class weights, where unweighted training gives it up', () => {
    // 97% vs 3%, overlapping: without weights, predicting the majority nearly always is the cheapest fit.
    const { features, labels } = blobs([1940, 60], 8, 0.8, 11);
    const options = { labels: ['common', 'rare'], seed: 3 };
    const inverse = trainHead(features, labels, { ...options, classWeighting: 'inverse' }).metrics;
    const sqrt = trainHead(features, labels, options).metrics;
    const unweighted = trainHead(features, labels, { ...options, classWeighting: 'none' }).metrics;
    const rareRecall = (metrics: typeof inverse) => metrics.holdout.perLabel[1]!.recall;
    const ratio = (metrics: typeof inverse) => metrics.classWeights[1]! / metrics.classWeights[0]!;
    // 1940/60 in the data: inverse weights follow the frequency ratio, square-root weights its square root.
    assert.ok(Math.abs(ratio(inverse) - 1940 / 60) < 3, `inverse ratio ${ratio(inverse)}`);
    assert.ok(Math.abs(ratio(sqrt) - Math.sqrt(1940 / 60)) < 0.5, `sqrt ratio ${ratio(sqrt)}`);
    assert.equal(sqrt.classWeighting, 'sqrt-inverse');
    assert.ok(rareRecall(inverse) >= 0.75, `inverse rare recall ${rareRecall(inverse)}`);
    assert.ok(
      rareRecall(inverse) > rareRecall(unweighted) + 0.3,
      `weighted ${rareRecall(inverse)} vs unweighted ${rareRecall(unweighted)}`,
    );
    assert.ok(
      rareRecall(sqrt) >= rareRecall(unweighted),
      `sqrt ${rareRecall(sqrt)} vs ${rareRecall(unweighted)}`,
    );
    assert.ok(inverse.holdout.macroF1 > inverse.baseline.macroF1 + 0.1);
  });

  it('is deterministic for a seed, and a different seed gives a different split', () => {
    const { features, labels } = blobs([120, 80], 6, 1);
    const options = { labels: ['x', 'y'], seed: 42 };
    const first = trainHead(features, labels, options);
    const again = trainHead(features, labels, options);
    assert.equal(encodeHeadWeights(first.weights), encodeHeadWeights(again.weights));
    assert.deepEqual(first.metrics, again.metrics);
    const other = trainHead(features, labels, { ...options, seed: 43 });
    assert.notEqual(encodeHeadWeights(first.weights), encodeHeadWeights(other.weights));
  });

  it('stops early on the validation loss instead of running every epoch', () => {
    const { features, labels } = blobs([200, 200], 4, 4);
    const { metrics } = trainHead(features, labels, { labels: ['p', 'q'], maxEpochs: 500, patience: 5 });
    assert.ok(metrics.epochs < 500, `ran ${metrics.epochs} epochs`);
    assert.equal(metrics.epochs - metrics.bestEpoch, 5);
  });

  it('learns what softmax regression cannot with a hidden layer (XOR)', () => {
    const random = new SeededRandom(5);
    const features: number[][] = [];
    const labels: number[] = [];
    for (let n = 0; n < 800; n++) {
      const [a, b] = [random.next() < 0.5 ? -1 : 1, random.next() < 0.5 ? -1 : 1];
      features.push([a + random.normal() * 0.2, b + random.normal() * 0.2]);
      labels.push(a * b > 0 ? 0 : 1);
    }
    const linear = trainHead(features, labels, { labels: ['same', 'different'] }).metrics;
    const mlp = trainHead(features, labels, { labels: ['same', 'different'], hiddenUnits: 16 }).metrics;
    assert.equal(mlp.kind, 'mlp');
    assert.ok(linear.holdout.accuracy < 0.7, `softmax accuracy ${linear.holdout.accuracy}`);
    assert.ok(mlp.holdout.accuracy > 0.95, `MLP accuracy ${mlp.holdout.accuracy}`);
  });

  it('serves what it trained: stored weights decode to the same predictions', () => {
    const { features, labels } = blobs([100, 100, 100], 10, 2);
    for (const hiddenUnits of [0, 8]) {
      const { weights } = trainHead(features, labels, { labels: ['a', 'b', 'c'], hiddenUnits });
      const stored = decodeHeadWeights(encodeHeadWeights(weights));
      assert.deepEqual(stored.labels, ['a', 'b', 'c']);
      for (const row of features.slice(0, 50)) assert.equal(predict(stored, row), predict(weights, row));
      assert.throws(() => headLogits(stored, row3()), /features have 3 values; the head reads 10/);
    }
  });

  it('yields after every optimisation step, so a server can interleave its own work', () => {
    const { features, labels } = blobs([64, 64], 4, 3);
    const steps = headTrainingSteps(features, labels, { labels: ['a', 'b'], batchSize: 16, maxEpochs: 3 });
    let yields = 0;
    let next = steps.next();
    while (!next.done) {
      yields += 1;
      next = steps.next();
    }
    assert.ok(yields >= 3 * 4, `${yields} yields`);
    assert.equal(next.value.metrics.epochs, 3);
  });

  it('refuses what it cannot train, saying why', () => {
    assert.throws(() => trainHead([[1], [2]], [0, 0], { labels: ['only'] }), HeadTrainingError);
    assert.throws(
      () => trainHead([[1], [2, 3]], [0, 1], { labels: ['a', 'b'] }),
      /example 1 has 2 features, not 1/,
    );
    assert.throws(() => trainHead([[1], [2]], [0, 2], { labels: ['a', 'b'] }), /label index 2/);
    assert.throws(() => trainHead([[1], [NaN]], [0, 1], { labels: ['a', 'b'] }), /non-finite/);
    assert.throws(() => trainHead([[1], [2]], [0, 1], { labels: ['a', 'b'] }), /too few examples/);
  });
});

describe('stratified split', () => {
  it('takes the fraction of every class, keeps one of each to learn from, and is fixed by the seed', () => {
    const labels = [...Array(50).fill(0), ...Array(10).fill(1), 2, 3, 3] as number[];
    const indices = labels.map((_, i) => i);
    const split = stratifiedSplit(indices, (i) => labels[i]!, 0.2, new SeededRandom(1));
    const count = (list: number[], label: number) => list.filter((i) => labels[i] === label).length;
    assert.deepEqual(
      [0, 1, 2, 3].map((label) => count(split.taken, label)),
      [10, 2, 0, 1],
    );
    assert.deepEqual(
      [0, 1, 2, 3].map((label) => count(split.rest, label)),
      [40, 8, 1, 1],
    );
    assert.deepEqual(
      stratifiedSplit(indices, (i) => labels[i]!, 0.2, new SeededRandom(1)),
      split,
    );
  });
});

function row3(): number[] {
  return [1, 2, 3];
}
