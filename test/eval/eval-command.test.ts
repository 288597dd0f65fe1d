// `sieve eval` as a user runs it: labelled files through a real cluster as batch jobs, reports written and printed,
// two models side by side, label maps, skipped items, and bad input refused before anything is submitted.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvalReport, ModelReport } from '@sieve/eval';
import { freePort, SieveCluster, sharedDataFile, tinyModelDir } from '@sieve/testing';
import { repoRoot, runSieve } from '../fixtures/sieve-cli.ts';

/** The `sieve` CLI as a user runs it, from the repository root; resolves with its exit code and output. */
const sieve = (args: string[]) => runSieve(args);

/** The `sieve` bin as a user runs it, from `cwd` (where relative paths are meant, and where nothing may appear). */
const sieveFrom = (args: string[], cwd: string) => runSieve(args, { cwd, env: { INIT_CWD: cwd } });

const sentiment = sharedDataFile('sentiment-multilingual-test.jsonl');
const spam = sharedDataFile('sms-spam-collection.jsonl');
const skipUnless = (file: { path: string } | { skip: string }) => ('skip' in file ? file.skip : false);

const readJsonLines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, string>);

const matrixTotal = (model: ModelReport) =>
  model.metrics.confusion.counts.flat().reduce((sum, n) => sum + n, 0);

describe('sieve eval', { timeout: 120_000 }, () => {
  let cluster: SieveCluster;
  let dir: string;
  let address: string;
  let renamedMetrics: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-eval-'));
    const tiny = await tinyModelDir();
    cluster = await SieveCluster.start({ modelDir: tiny });
    // The same weights under a second name: two models to compare, whose results must come out identical.
    await cluster.addWorker({ SIEVE_MODEL_NAME: 'tiny-b' });
    // The same weights again, with other label names: comparable only through a label map of its own.
    const renamed = join(dir, 'tiny-renamed');
    cpSync(tiny, renamed, { recursive: true });
    const config = JSON.parse(readFileSync(join(renamed, 'config.json'), 'utf8')) as Record<string, unknown>;
    config.id2label = { 0: 'POS', 1: 'NEU', 2: 'NEG' };
    config.label2id = { POS: 0, NEU: 1, NEG: 2 };
    writeFileSync(join(renamed, 'config.json'), JSON.stringify(config));
    const metricsAddress = `127.0.0.1:${await freePort()}`;
    renamedMetrics = `http://${metricsAddress}/metrics`;
    await cluster.addWorker({
      SIEVE_MODEL_DIR: renamed,
      SIEVE_MODEL_NAME: 'tiny-renamed',
      SIEVE_METRICS_ADDRESS: metricsAddress,
    });
    address = cluster.gateways[0]!.address;
  });
  after(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function readReport(out: string): EvalReport {
    for (const name of ['report.json', 'report.md', 'report.html']) {
      assert.ok(existsSync(join(out, name)), `${name} written`);
    }
    return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as EvalReport;
  }

  it(
    'evaluates the multilingual set per language and writes JSON, Markdown and a self-contained HTML page',
    { skip: skipUnless(sentiment) },
    async () => {
      const data = (sentiment as { path: string }).path;
      const languages = [...new Set(readJsonLines(data).map((row) => row.lang!))].sort();
      assert.equal(languages.length, 12);
      const out = join(dir, 'one-model');
      // The file is sorted by language (its first 600 lines are all Arabic), so a quick run samples across it.
      const run = await sieve([
        'eval',
        '--address',
        address,
        '--model',
        'tiny',
        '--data',
        data,
        '--group-by',
        'lang',
        '--sample',
        '600',
        '--out',
        out,
      ]);
      assert.equal(run.code, 0, run.stderr);
      const report = readReport(out);
      assert.equal(run.stdout, readFileSync(join(out, 'report.md'), 'utf8'));
      assert.match(run.stdout, /^# Evaluation of tiny on sentiment-multilingual-test\.jsonl/);

      assert.equal(report.data.read, 600);
      assert.equal(report.data.submitted, 600);
      assert.deepEqual(report.data.groups, languages);
      const [model] = report.models;
      assert.equal(model!.model, 'tiny');
      assert.equal(model!.batchState, 'BATCH_STATE_SUCCEEDED');
      assert.equal(model!.evaluated, 600);
      assert.equal(model!.failed.count, 0);
      const { metrics } = model!;
      assert.equal(metrics.count, 600);
      assert.equal(matrixTotal(model!), 600);
      const diagonal = metrics.confusion.counts.reduce((sum, row, i) => sum + row[i]!, 0);
      assert.equal(metrics.accuracy, diagonal / 600);
      assert.ok(metrics.macroF1! >= 0 && metrics.macroF1! <= 1);
      assert.ok(metrics.calibration.ece! >= 0 && metrics.calibration.ece! <= 1);
      assert.deepEqual(
        metrics.perLabel.map((l) => l.label),
        ['positive', 'neutral', 'negative'],
      );
      for (const l of metrics.perLabel) {
        for (const value of [l.precision, l.recall, l.f1]) assert.ok(value >= 0 && value <= 1);
      }
      assert.deepEqual(
        model!.groups!.map((g) => g.group),
        languages,
      );
      assert.ok(model!.groups!.every((g) => g.metrics.count > 0 && g.metrics.accuracy !== null));
      assert.equal(
        model!.groups!.reduce((sum, g) => sum + g.metrics.count, 0),
        600,
      );
      assert.ok(model!.throughput.textsPerSecond! > 0);
      assert.ok(model!.throughput.queueSeconds! >= 0 && model!.throughput.runSeconds! > 0);

      const html = readFileSync(join(out, 'report.html'), 'utf8');
      assert.match(html, /<svg /);
      assert.match(html, /<table class="heatmap">/);
      assert.doesNotMatch(html, /https?:\/\//, 'no external URL of any kind');
      assert.doesNotMatch(html, /<script|<link /);
    },
  );

  it(
    'compares two models side by side, reusing the batch of an identical earlier run',
    { skip: skipUnless(sentiment) },
    async () => {
      const data = (sentiment as { path: string }).path;
      const out = join(dir, 'two-models');
      const run = await sieve([
        'eval',
        '--address',
        address,
        '--model',
        'tiny',
        '--model',
        'tiny-b',
        '--data',
        data,
        '--group-by',
        'lang',
        '--sample',
        '600',
        '--latency-sample',
        '5',
        '--out',
        out,
      ]);
      assert.equal(run.code, 0, run.stderr);
      const report = readReport(out);
      assert.deepEqual(
        report.models.map((m) => [m.model, m.reusedBatch]),
        [
          ['tiny', true],
          ['tiny-b', false],
        ],
      );
      const [a, b] = report.models as [ModelReport, ModelReport];
      assert.notEqual(a.batchId, b.batchId);
      assert.deepEqual(b.metrics.confusion, a.metrics.confusion, 'same weights, same predictions');
      assert.equal(b.groups!.length, 12);
      assert.equal(a.latency?.calls, 5);
      assert.equal(b.latency?.calls, 5);
      assert.match(
        run.stdout,
        /\| lang \| items \| tiny accuracy \| tiny macro-F1 \| tiny ECE \| tiny-b accuracy/,
      );
      // Synthetic weights are named in the row as well as in the banner above.
      assert.match(run.stdout, /\| tiny-b \(synthetic\) \| [\d.]+ \| [\d.]+ \|/);
      const html = readFileSync(join(out, 'report.html'), 'utf8');
      assert.match(html, /Evaluation of tiny, tiny-b/);
    },
  );

  it(
    'compares two models whose label names differ, each with its own --label-map: agreement, intervals, cost (issue 27)',
    { skip: skipUnless(sentiment) },
    async () => {
      const data = (sentiment as { path: string }).path;
      const out = join(dir, 'renamed');
      const run = await sieve([
        'eval',
        '--address',
        address,
        '--data',
        data,
        '--group-by',
        'lang',
        '--sample',
        '240',
        '--model',
        'tiny',
        '--model',
        'tiny-renamed',
        '--label-map',
        'positive=POS,neutral=NEU,negative=NEG',
        '--worker-metrics',
        renamedMetrics,
        '--out',
        out,
      ]);
      assert.equal(run.code, 0, run.stderr);
      const report = readReport(out);
      const [a, b] = report.models as [ModelReport, ModelReport];
      assert.equal(report.data.labelMap, null, 'the models have different maps');
      assert.equal(a.labelMap, null);
      assert.deepEqual(b.labelMap, { positive: 'POS', neutral: 'NEU', negative: 'NEG' });
      assert.deepEqual(b.labels, ['POS', 'NEU', 'NEG']);
      assert.equal(b.evaluated, 240);
      assert.equal(b.metrics.accuracy, a.metrics.accuracy, 'same weights, same answers under other names');

      const [pair] = report.comparisons;
      assert.deepEqual(pair!.models, ['tiny', 'tiny-renamed']);
      assert.deepEqual([pair!.agreement.items, pair!.agreement.agreed, pair!.agreement.rate], [240, 240, 1]);
      assert.equal(pair!.accuracyDifference!.estimate, 0);
      assert.equal(pair!.accuracyDifference!.excludesZero, false);
      assert.equal(pair!.disagreements.length, 12, 'every language, none disagreeing');
      assert.ok(pair!.disagreements.every((g) => g.disagreed === 0));
      for (const m of [a, b]) {
        const { accuracy, macroF1 } = m.intervals;
        assert.ok(accuracy!.low <= m.metrics.accuracy! && m.metrics.accuracy! <= accuracy!.high);
        assert.ok(macroF1!.low <= macroF1!.high);
        assert.equal(m.synthetic, true, 'the tiny model is synthetic');
      }
      assert.match(report.baselines[0]!.name, /^majority class \((positive|neutral|negative)\)$/);
      assert.equal(report.baselines[1]!.name, 'random (uniform over 3 labels)');
      assert.equal(a.memory, null, 'no --worker-metrics: not measured');
      assert.ok(b.memory!.residentBytes > 0);
      assert.ok(b.throughput.wallTextsPerSecond! > 0);

      assert.match(
        run.stdout,
        /^# Evaluation of tiny, tiny-renamed on sentiment-multilingual-test\.jsonl\n\n> \*\*Synthetic weights: tiny, tiny-renamed\.\*\*/,
      );
      assert.match(
        run.stdout,
        /label map of tiny-renamed \(data → model\): positive → POS, neutral → NEU, negative → NEG/,
      );
      assert.match(run.stdout, /\| tiny vs tiny-renamed \| 240 \| 1\.000 \|/);
      assert.match(run.stdout, /\| not measured \|/);
      const html = readFileSync(join(out, 'report.html'), 'utf8');
      assert.match(html, /Agreement between models/);
      assert.doesNotMatch(html, /https?:\/\//, 'no external URL of any kind');
    },
  );

  it('maps spam labels onto a sentiment model with --label-map', { skip: skipUnless(spam) }, async () => {
    const data = (spam as { path: string }).path;
    const first = readJsonLines(data).slice(0, 1000);
    const out = join(dir, 'spam');
    const run = await sieve([
      'eval',
      '--address',
      address,
      '--model',
      'tiny',
      '--data',
      data,
      '--label-map',
      'ham=positive,spam=negative',
      '--limit',
      '1000',
      '--out',
      out,
    ]);
    assert.equal(run.code, 0, run.stderr);
    const report = readReport(out);
    assert.deepEqual(report.data.labelMap, { ham: 'positive', spam: 'negative' });
    assert.equal(report.data.skipped.count, 0);
    const model = report.models[0]!;
    assert.equal(matrixTotal(model), 1000);
    const support = Object.fromEntries(model.metrics.perLabel.map((l) => [l.label, l.support]));
    assert.deepEqual(support, {
      positive: first.filter((row) => row.label === 'ham').length,
      neutral: 0,
      negative: first.filter((row) => row.label === 'spam').length,
    });
    assert.match(run.stdout, /label map \(data → model\): ham → positive, spam → negative/);
  });

  it('skips items whose gold label is unmapped and counts them, per label, keeping a group left empty', async () => {
    const data = join(dir, 'reviews.jsonl');
    const rows = [
      { body: 'great stuff', stars: 'pos', market: 'us' },
      { body: 'awful stuff', stars: 'neg', market: 'us' },
      { body: 'meh stuff', stars: 'mid', market: 'uk' },
      { body: 'so-so stuff', stars: 'mid', market: 'uk' },
      { body: 'loved it', stars: 'pos', market: 'de' },
    ];
    writeFileSync(data, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
    const map = join(dir, 'stars.json');
    writeFileSync(map, JSON.stringify({ pos: 'positive', neg: 'negative' }));
    const out = join(dir, 'skipped');
    const run = await sieve([
      'eval',
      '--address',
      address,
      '--model',
      'tiny',
      '--data',
      data,
      '--text-field',
      'body',
      '--label-field',
      'stars',
      '--group-by',
      'market',
      '--label-map',
      map,
      '--out',
      out,
    ]);
    assert.equal(run.code, 0, run.stderr);
    const report = readReport(out);
    assert.deepEqual(report.data.skipped, { count: 2, byLabel: { mid: 2 } });
    assert.equal(report.data.submitted, 3);
    const model = report.models[0]!;
    assert.equal(model.metrics.count, 3);
    assert.deepEqual(
      model.groups!.map((g) => [g.group, g.metrics.count]),
      [
        ['de', 1],
        ['uk', 0],
        ['us', 2],
      ],
    );
    assert.equal(model.groups![1]!.metrics.accuracy, null);
    assert.match(run.stdout, /2 skipped because their gold label has no mapping \(mid: 2\)/);
  });

  it('without --out prints the report on stdout and writes no file (issue 24: reports/ in the repository)', async () => {
    const work = join(dir, 'no-out');
    mkdirSync(work);
    const data = join(dir, 'no-out.jsonl');
    const labels = ['positive', 'neutral', 'negative'];
    writeFileSync(
      data,
      Array.from({ length: 12 }, (_, i) => JSON.stringify({ text: `message ${i}`, label: labels[i % 3] }))
        .map((line) => `${line}\n`)
        .join(''),
    );
    const run = await sieveFrom(
      ['eval', '--address', address, '--model', 'tiny', '--data', data, '--no-progress'],
      work,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^# Evaluation of tiny on no-out\.jsonl/);
    assert.doesNotMatch(run.stderr, /wrote/);
    assert.deepEqual(readdirSync(work), [], 'nothing written where it ran');
    assert.ok(!existsSync(join(repoRoot, 'eval-report')), 'nothing written into the repository');
  });

  it('names the line and the field of bad input, and submits nothing', async () => {
    const data = join(dir, 'bad.jsonl');
    writeFileSync(
      data,
      '{"text": "fine", "label": "positive"}\n{"text": "fine", "label": "positive"}\n{"text": "x"}\n',
    );
    const out = join(dir, 'bad');
    // Every run here is the same command on the same file and output folder, with the flags under test added.
    const evalTiny = (...flags: string[]) =>
      sieve(['eval', '--address', address, '--model', 'tiny', '--data', data, ...flags, '--out', out]);
    const field = await evalTiny('--text-field', 'body');
    assert.equal(field.code, 2);
    assert.match(
      field.stderr,
      /bad\.jsonl:1: no field "body" \(this line has "text", "label"\); choose it with --text-field; nothing was submitted/,
    );
    const label = await evalTiny();
    assert.equal(label.code, 2);
    assert.match(
      label.stderr,
      /bad\.jsonl:3: no field "label" \(this line has "text"\); choose it with --label-field/,
    );
    assert.ok(!existsSync(out), 'no report for refused input');

    writeFileSync(data, '{"text": "fine", "label": "ham"}\n');
    const unmapped = await evalTiny();
    assert.equal(unmapped.code, 2);
    assert.match(
      unmapped.stderr,
      /none of the data's labels \(ham\) is a label of model tiny \(positive, neutral, negative\); map them with --label-map/,
    );
    const wrongTarget = await evalTiny('--label-map', 'ham=good');
    assert.equal(wrongTarget.code, 2);
    assert.match(
      wrongTarget.stderr,
      /--label-map maps to good, which model tiny does not have \(its labels: positive, neutral, negative\)/,
    );
    assert.ok(!existsSync(out));
  });
});
