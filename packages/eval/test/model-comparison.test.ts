// Comparing models whose label names differ: answers translated back into the data's labels, agreement and kappa
// worked by hand, seeded bootstrap intervals, the significance note, baselines and the synthetic-weights banner.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  baselineRows,
  buildEvalReport,
  modelAgreement,
  renderHtmlReport,
  renderMarkdownReport,
  type EvalDataset,
  type ModelRun,
} from '../src/index.ts';

const golds = ['pos', 'pos', 'neg', 'neg', 'pos', 'neg', 'pos', 'neg'];
const dataset: EvalDataset = {
  file: 'reviews.jsonl',
  sha256: 'cd'.repeat(32),
  textField: 'text',
  labelField: 'label',
  groupBy: 'lang',
  labelMap: null,
  selection: 'all 8',
  read: 8,
  skipped: { count: 0, byLabel: {} },
  items: golds.map((gold, i) => ({ gold, group: i < 4 ? 'en' : 'de', line: i + 1, text: `text ${i + 1}` })),
  groups: ['de', 'en'],
};

function run(
  model: string,
  labels: string[],
  predicted: string[],
  labelMap: Record<string, string>,
): ModelRun {
  return {
    model,
    modelDigest: 'sha256:00',
    labels,
    batchId: `b-${model}`,
    reusedBatch: false,
    batchState: 'BATCH_STATE_SUCCEEDED',
    createTime: null,
    startTime: null,
    endTime: null,
    outcomes: predicted.map((label) => ({ predicted: label, confidence: 0.9 })),
    labelMap,
  };
}

// a: positive/negative names, all right but item 8. b: POS/NEG names, wrong on items 2 and 8 (en and de).
const a = run(
  'a',
  ['positive', 'negative'],
  ['positive', 'positive', 'negative', 'negative', 'positive', 'negative', 'positive', 'positive'],
  { pos: 'positive', neg: 'negative' },
);
const b = run('b', ['POS', 'NEG'], ['POS', 'NEG', 'NEG', 'NEG', 'POS', 'NEG', 'POS', 'POS'], {
  pos: 'POS',
  neg: 'NEG',
});

describe('model comparison', () => {
  it('compares models with different label names in the data labels: agreement, kappa, disagreements per group', () => {
    const report = buildEvalReport(dataset, [a, b], { createdAt: new Date(0) });
    assert.deepEqual(
      report.models.map((m) => [m.model, m.metrics.accuracy, m.labelMap]),
      [
        ['a', 7 / 8, { pos: 'positive', neg: 'negative' }],
        ['b', 6 / 8, { pos: 'POS', neg: 'NEG' }],
      ],
    );
    const [pair] = report.comparisons;
    assert.deepEqual(pair!.models, ['a', 'b']);
    // They differ on item 2 only: 7 of 8. a says pos 5 times, b 4 times: chance = 5/8·4/8 + 3/8·4/8 = 1/2.
    assert.equal(pair!.agreement.agreed, 7);
    assert.equal(pair!.agreement.rate, 7 / 8);
    assert.equal(pair!.agreement.kappa, (7 / 8 - 1 / 2) / (1 - 1 / 2));
    assert.deepEqual(pair!.disagreements, [
      { group: 'de', items: 4, disagreed: 0, examples: [] },
      {
        group: 'en',
        items: 4,
        disagreed: 1,
        examples: [{ line: 2, text: 'text 2', gold: 'pos', answers: ['pos', 'neg'] }],
      },
    ]);
  });

  it('puts seeded bootstrap intervals around each figure and says whether a difference is significant', () => {
    const report = buildEvalReport(dataset, [a, b], {
      createdAt: new Date(0),
      bootstrap: { resamples: 200 },
    });
    const again = buildEvalReport(dataset, [a, b], { createdAt: new Date(0), bootstrap: { resamples: 200 } });
    assert.deepEqual(report, again, 'seeded: the same runs give the same report');
    for (const m of report.models) {
      const { accuracy, macroF1 } = m.intervals;
      assert.equal(accuracy!.estimate, m.metrics.accuracy);
      assert.ok(Math.abs(macroF1!.estimate - m.metrics.macroF1!) < 1e-12);
      assert.ok(accuracy!.low <= accuracy!.estimate && accuracy!.estimate <= accuracy!.high);
      assert.equal(accuracy!.resamples, 200);
    }
    const pair = report.comparisons[0]!;
    assert.equal(pair.accuracyDifference!.estimate, 1 / 8);
    // One item apart in eight is no evidence either way.
    assert.equal(pair.accuracyDifference!.excludesZero, false);
    assert.match(pair.significance, /^accuracy: no significant difference \(95 % interval of a − b: /);

    const markdown = renderMarkdownReport(report);
    assert.match(markdown, /## Agreement between models/);
    assert.match(markdown, /\| a vs b \| 8 \| 0\.875 \| 0\.750 \|/);
    assert.match(markdown, /\| en \| 1 of 4 \| 2 \| pos \| pos \| neg \| text 2 \|/);
    assert.match(markdown, /label map of b \(data → model\): pos → POS, neg → NEG/);
    assert.match(markdown, /\| _baseline: majority class \((pos|neg)\)_ \| 0\.500 \|/);
    assert.match(markdown, /\| _baseline: random \(uniform over 2 labels\)_ \| 0\.500 \| 0\.500 \|/);
    assert.doesNotMatch(markdown, /Synthetic weights/);
    const html = renderHtmlReport(report);
    assert.match(html, /Agreement between models/);
    assert.doesNotMatch(html, /https?:\/\/|<script|<link /);
  });

  it('notes a significant difference when one model is right where the other is wrong throughout', () => {
    const many: EvalDataset = {
      ...dataset,
      groupBy: null,
      groups: null,
      items: Array.from({ length: 60 }, (_, i) => ({ gold: i % 2 ? 'pos' : 'neg' })),
    };
    const right = run(
      'right',
      ['pos', 'neg'],
      many.items.map((item) => item.gold),
      {},
    );
    const wrong = run(
      'wrong',
      ['pos', 'neg'],
      many.items.map((item, i) => (i % 3 ? item.gold : item.gold === 'pos' ? 'neg' : 'pos')),
      {},
    );
    right.labelMap = null;
    wrong.labelMap = null;
    const pair = buildEvalReport(many, [right, wrong]).comparisons[0]!;
    assert.equal(pair.accuracyDifference!.excludesZero, true);
    assert.match(pair.significance, /^accuracy: right is better by 0\.333, significant at 95 %/);
    assert.deepEqual(
      pair.disagreements.map((g) => g.group),
      ['all'],
    );
  });

  it('flags synthetic weights above everything else', () => {
    const report = buildEvalReport(dataset, [{ ...a, synthetic: true }, b]);
    assert.equal(report.models[0]!.synthetic, true);
    assert.equal(report.models[1]!.synthetic, null);
    assert.match(
      renderMarkdownReport(report),
      /^# Evaluation of a, b on reviews\.jsonl\n\n> \*\*Synthetic weights: a\.\*\*/,
    );
    assert.match(
      renderHtmlReport(report),
      /<div class="banner" role="alert"><strong>Synthetic weights: a\.<\/strong>/,
    );
  });

  it('says memory was not measured rather than inventing it, and shows it when read', () => {
    const report = buildEvalReport(dataset, [
      { ...a, memory: { residentBytes: 300 * 2 ** 20, source: 'http://w:9464/metrics' } },
      b,
    ]);
    const markdown = renderMarkdownReport(report);
    assert.match(markdown, /\| 300 MiB \|/);
    assert.match(markdown, /\| not measured \|/);
  });
});

describe('baselines', () => {
  it('majority class is exact, random is the expectation of a uniform draw', () => {
    const [majority, random] = baselineRows(['x', 'x', 'x', 'y'], ['x', 'y', 'z']);
    assert.equal(majority!.name, 'majority class (x)');
    assert.equal(majority!.accuracy, 3 / 4);
    // F1 of x = 2·3 / (4 + 3); y never predicted: 0; averaged over the 2 gold labels.
    assert.equal(majority!.macroF1, 6 / 7 / 2);
    assert.equal(random!.accuracy, 1 / 3);
    const f1 = (gold: number) => (2 * (gold / 3)) / (gold + 4 / 3);
    assert.ok(Math.abs(random!.macroF1! - (f1(3) + f1(1) + f1(0)) / 3) < 1e-12);
  });
});

describe('model agreement', () => {
  it("is Cohen's kappa over the items both answered", () => {
    assert.deepEqual(modelAgreement(['a', 'b', undefined], ['a', 'a', 'b']), {
      items: 2,
      agreed: 1,
      rate: 0.5,
      // chance: a 1/2·1, b 1/2·0 = 1/2
      kappa: 0,
    });
    assert.equal(modelAgreement(['a', 'a'], ['a', 'a']).kappa, null);
  });
});
