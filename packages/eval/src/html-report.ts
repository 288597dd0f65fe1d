import { fileName, type EvalReport, type ModelReport } from './eval-report.ts';
import { escapeMarkup as esc } from './markup-escape.ts';
import type { PairComparison } from './model-comparison.ts';
import {
  formatCount,
  formatInterval,
  formatLevel,
  formatMemory,
  formatMs,
  formatPercent,
  formatRate,
  formatRatio,
  formatSeconds,
} from './report-formatting.ts';
import { groupedBarChart, reliabilityDiagram, type BarSeries } from './svg-charts.ts';

/** Distinguishable for the common kinds of colour blindness (Okabe–Ito), in order of use. */
const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#000000'];

const colourOf = (index: number) => PALETTE[index % PALETTE.length]!;

const STYLE = `
body { font-family: system-ui, sans-serif; color: #111827; margin: 0 auto; max-width: 1180px; padding: 24px; }
h1 { font-size: 1.5rem; margin-bottom: 4px; }
h2 { font-size: 1.15rem; margin-top: 36px; border-bottom: 1px solid #e5e7eb; padding-bottom: 4px; }
h3 { font-size: 0.95rem; margin: 12px 0 6px; }
.facts { color: #4b5563; font-size: 0.9rem; line-height: 1.5; padding-left: 18px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { border: 1px solid #e5e7eb; border-top: 5px solid; border-radius: 6px; padding: 10px 14px; min-width: 220px; }
.card .name { font-weight: 600; margin-bottom: 6px; overflow-wrap: anywhere; }
.card .big { font-size: 1.9rem; font-weight: 600; }
.card dl { display: grid; grid-template-columns: auto auto; gap: 2px 12px; margin: 6px 0 0; font-size: 0.85rem; }
.card dt { color: #6b7280; }
.card dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
.row { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.chart { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 0.85rem; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 8px; border: 1px solid #e5e7eb; }
th { background: #f9fafb; font-weight: 600; }
td.n { text-align: right; }
.scroll { overflow-x: auto; }
table.heatmap td { text-align: center; min-width: 64px; }
table.heatmap td small { display: block; font-size: 0.72rem; opacity: 0.85; }
table.heatmap th.corner { font-weight: 400; color: #6b7280; font-size: 0.75rem; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
.note { color: #6b7280; font-size: 0.85rem; }
.banner { background: #fef2f2; border: 1px solid #fca5a5; color: #991b1b; padding: 10px 14px; border-radius: 6px; margin: 12px 0; }
tr.baseline th, tr.baseline td { color: #6b7280; font-style: italic; }
footer { margin-top: 40px; color: #9ca3af; font-size: 0.8rem; }
`;

function facts(report: EvalReport): string {
  const { data } = report;
  const items = [
    `data <code>${esc(data.file)}</code> (sha256 <code>${esc(data.sha256.slice(0, 12))}…</code>), text field <code>${esc(data.textField)}</code>, label field <code>${esc(data.labelField)}</code>${data.groupBy ? `, grouped by <code>${esc(data.groupBy)}</code>` : ''}`,
    `${esc(data.selection)}; ${formatCount(data.submitted)} submitted per model; ${formatCount(data.skipped.count)} skipped for a gold label without mapping${
      data.skipped.count
        ? ` (${Object.entries(data.skipped.byLabel)
            .map(([label, count]) => `${esc(label)}: ${formatCount(count)}`)
            .join(', ')})`
        : ''
    }`,
  ];
  const pairsOf = (map: Record<string, string>) =>
    Object.entries(map)
      .map(([from, to]) => `${esc(from)} → ${esc(to)}`)
      .join(', ');
  if (data.labelMap) items.push(`label map (data → model): ${pairsOf(data.labelMap)}`);
  for (const m of report.models) {
    if (m.labelMap && JSON.stringify(m.labelMap) !== JSON.stringify(data.labelMap)) {
      items.push(`label map of ${esc(m.model)} (data → model): ${pairsOf(m.labelMap)}`);
    }
  }
  items.push(
    `intervals: ${formatLevel(report.bootstrap.level)} percentile bootstrap, ${formatCount(report.bootstrap.resamples)} resamples, seed ${report.bootstrap.seed}`,
  );
  return `<ul class="facts">${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
}

function cards(models: readonly ModelReport[]): string {
  return `<div class="cards">${models
    .map((m, i) => {
      const rows: Array<[string, string]> = [
        ['accuracy CI', formatInterval(m.intervals.accuracy)],
        ['macro-F1', formatRatio(m.metrics.macroF1)],
        ['macro-F1 CI', formatInterval(m.intervals.macroF1)],
        ['ECE', formatRatio(m.metrics.calibration.ece)],
        ['evaluated', formatCount(m.evaluated)],
        ['failed', formatCount(m.failed.count)],
        ['texts/s', formatRate(m.throughput.textsPerSecond)],
        ['wall texts/s', formatRate(m.throughput.wallTextsPerSecond)],
        ['memory', formatMemory(m.memory)],
        [
          'queue → run',
          `${formatSeconds(m.throughput.queueSeconds)} → ${formatSeconds(m.throughput.runSeconds)}`,
        ],
      ];
      return (
        `<div class="card" style="border-top-color:${colourOf(i)}">` +
        `<div class="name">${esc(m.model)}${m.synthetic ? ' (synthetic)' : ''}</div>` +
        `<div class="big" title="accuracy">${formatPercent(m.metrics.accuracy)}</div><div class="note">accuracy</div>` +
        `<dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>` +
        `<div class="note">batch <code>${esc(m.batchId)}</code>${m.reusedBatch ? ' (earlier run, reused)' : ''}</div>` +
        `</div>`
      );
    })
    .join('')}</div>`;
}

const series = (
  models: readonly ModelReport[],
  values: (m: ModelReport) => Array<number | null>,
): BarSeries[] => models.map((m, i) => ({ name: m.model, colour: colourOf(i), values: values(m) }));

function labelsOf(models: readonly ModelReport[]): string[] {
  return [...new Set(models.flatMap((m) => m.metrics.confusion.labels))];
}

function perLabel(models: readonly ModelReport[]): string {
  const labels = labelsOf(models);
  const chart = groupedBarChart({
    title: 'F1 per label',
    categories: labels,
    series: series(models, (m) =>
      labels.map((label) => {
        const l = m.metrics.perLabel.find((x) => x.label === label);
        return l && (l.support > 0 || l.predicted > 0) ? l.f1 : null;
      }),
    ),
  });
  const head =
    `<tr><th rowspan="2">label</th><th rowspan="2">support</th>` +
    models
      .map(
        (m, i) =>
          `<th colspan="3"><span class="swatch" style="background:${colourOf(i)}"></span>${esc(m.model)}</th>`,
      )
      .join('') +
    `</tr><tr>${models.map(() => '<th>precision</th><th>recall</th><th>F1</th>').join('')}</tr>`;
  const rows = labels
    .map((label) => {
      const support = models[0]!.metrics.perLabel.find((l) => l.label === label)?.support ?? 0;
      const cells = models
        .map((m) => {
          const l = m.metrics.perLabel.find((x) => x.label === label);
          return `<td class="n">${formatRatio(l?.precision)}</td><td class="n">${formatRatio(l?.recall)}</td><td class="n">${formatRatio(l?.f1)}</td>`;
        })
        .join('');
      return `<tr><th>${esc(label)}</th><td class="n">${formatCount(support)}</td>${cells}</tr>`;
    })
    .join('');
  return `<div class="row">${chart}<div class="scroll"><table>${head}${rows}</table></div></div>`;
}

/** Cells shaded by their share of the gold row (recall on the diagonal): blue where right, red where wrong. */
function heatmap(model: ModelReport): string {
  const { labels, counts } = model.metrics.confusion;
  const columnTotals = labels.map((_, p) => counts.reduce((sum, row) => sum + row[p]!, 0));
  const head = `<tr><th class="corner">gold ╲ predicted</th>${labels.map((l) => `<th>${esc(l)}</th>`).join('')}<th>total</th></tr>`;
  const rows = labels
    .map((gold, g) => {
      const row = counts[g]!;
      const total = row.reduce((sum, n) => sum + n, 0);
      const cells = row
        .map((count, p) => {
          const share = total === 0 ? 0 : count / total;
          const alpha = count === 0 ? 0 : 0.1 + 0.8 * share;
          const rgb = g === p ? '0, 114, 178' : '213, 94, 0';
          const ink = alpha > 0.5 ? '#ffffff' : '#111827';
          const tip = `${gold} predicted as ${labels[p]}: ${count} (${formatPercent(share)} of ${gold})`;
          return `<td style="background:rgba(${rgb}, ${alpha.toFixed(3)});color:${ink}" title="${esc(tip)}">${formatCount(count)}<small>${total ? formatPercent(share) : ''}</small></td>`;
        })
        .join('');
      return `<tr><th>${esc(gold)}</th>${cells}<td class="n">${formatCount(total)}</td></tr>`;
    })
    .join('');
  const foot = `<tr><th>total</th>${columnTotals.map((n) => `<td class="n">${formatCount(n)}</td>`).join('')}<td class="n">${formatCount(model.metrics.count)}</td></tr>`;
  return `<div><h3>${esc(model.model)}</h3><table class="heatmap">${head}${rows}${foot}</table></div>`;
}

function perGroup(report: EvalReport): string | null {
  const { groupBy, groups } = report.data;
  if (!groupBy || !groups) return null;
  const { models } = report;
  const metricOf = (m: ModelReport, group: string) => m.groups?.find((g) => g.group === group)?.metrics;
  const accuracy = groupedBarChart({
    title: `accuracy per ${groupBy}`,
    categories: groups,
    series: series(models, (m) => groups.map((g) => metricOf(m, g)?.accuracy ?? null)),
  });
  const f1 = groupedBarChart({
    title: `macro-F1 per ${groupBy}`,
    categories: groups,
    series: series(models, (m) => groups.map((g) => metricOf(m, g)?.macroF1 ?? null)),
  });
  const head =
    `<tr><th rowspan="2">${esc(groupBy)}</th><th rowspan="2">items</th>` +
    models
      .map(
        (m, i) =>
          `<th colspan="3"><span class="swatch" style="background:${colourOf(i)}"></span>${esc(m.model)}</th>`,
      )
      .join('') +
    `</tr><tr>${models.map(() => '<th>accuracy</th><th>macro-F1</th><th>ECE</th>').join('')}</tr>`;
  const rows = groups
    .map((group) => {
      const cells = models
        .map((m) => {
          const metrics = metricOf(m, group);
          return `<td class="n">${formatRatio(metrics?.accuracy)}</td><td class="n">${formatRatio(metrics?.macroF1)}</td><td class="n">${formatRatio(metrics?.calibration.ece)}</td>`;
        })
        .join('');
      const count = models[0] ? (metricOf(models[0], group)?.count ?? 0) : 0;
      return `<tr><th>${esc(group)}</th><td class="n">${formatCount(count)}</td>${cells}</tr>`;
    })
    .join('');
  return (
    `<h3>accuracy</h3>${accuracy}<h3>macro-F1</h3>${f1}` +
    `<div class="scroll"><table>${head}${rows}</table></div>`
  );
}

function performance(models: readonly ModelReport[]): string {
  const head =
    '<tr><th>model</th><th>texts/s</th><th>queue (create → start)</th><th>run (start → end)</th><th>started</th>' +
    '<th>unary calls</th><th>mean</th><th>p50</th><th>p90</th><th>p99</th><th>max</th></tr>';
  const rows = models
    .map((m, i) => {
      const t = m.throughput;
      const l = m.latency;
      const latency = l
        ? [
            formatCount(l.calls),
            formatMs(l.meanMs),
            formatMs(l.p50Ms),
            formatMs(l.p90Ms),
            formatMs(l.p99Ms),
            formatMs(l.maxMs),
          ]
        : ['–', '–', '–', '–', '–', '–'];
      return (
        `<tr><th><span class="swatch" style="background:${colourOf(i)}"></span>${esc(m.model)}</th>` +
        `<td class="n">${formatRate(t.textsPerSecond)}</td><td class="n">${formatSeconds(t.queueSeconds)}</td>` +
        `<td class="n">${formatSeconds(t.runSeconds)}</td><td>${esc(t.startTime ?? '–')}</td>` +
        latency.map((v) => `<td class="n">${v}</td>`).join('') +
        `</tr>`
      );
    })
    .join('');
  return (
    `<div class="scroll"><table>${head}${rows}</table></div>` +
    `<p class="note">Per-item latency is not observable inside a batch: texts/s is the batch's results over its run time. ` +
    `Unary calls, when sampled, are single-text Classify calls made one at a time after the batch.</p>`
  );
}

function syntheticBanner(models: readonly ModelReport[]): string {
  const synthetic = models.filter((m) => m.synthetic);
  if (synthetic.length === 0) return '';
  return (
    `<div class="banner" role="alert"><strong>Synthetic weights: ${synthetic.map((m) => esc(m.model)).join(', ')}.</strong> ` +
    `Random weights (<code>sieve models synth</code>): these answers mean nothing, and so do the figures below.</div>`
  );
}

function baselines(report: EvalReport): string {
  const rows = report.baselines
    .map(
      (b) =>
        `<tr class="baseline"><th>${esc(b.name)}</th><td class="n">${formatRatio(b.accuracy)}</td>` +
        `<td class="n">${formatRatio(b.macroF1)}</td><td>${esc(b.description)}</td></tr>`,
    )
    .join('');
  const models = report.models
    .map(
      (m, i) =>
        `<tr><th><span class="swatch" style="background:${colourOf(i)}"></span>${esc(m.model)}</th>` +
        `<td class="n">${formatRatio(m.metrics.accuracy)} <span class="note">${formatInterval(m.intervals.accuracy)}</span></td>` +
        `<td class="n">${formatRatio(m.metrics.macroF1)} <span class="note">${formatInterval(m.intervals.macroF1)}</span></td>` +
        `<td>${formatLevel(report.bootstrap.level)} bootstrap interval beside each figure</td></tr>`,
    )
    .join('');
  return (
    `<div class="scroll"><table><tr><th>model or baseline</th><th>accuracy</th><th>macro-F1</th><th></th></tr>` +
    `${models}${rows}</table></div>`
  );
}

function agreement(report: EvalReport): string | null {
  if (report.comparisons.length === 0) return null;
  const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(3)}`;
  const difference = (d: PairComparison['accuracyDifference']) =>
    d
      ? `${signed(d.estimate)} <span class="note">(${signed(d.low)} to ${signed(d.high)})</span>${d.excludesZero ? ' *' : ''}`
      : '–';
  const level = formatLevel(report.bootstrap.level);
  const pairs = report.comparisons
    .map(
      (c) =>
        `<tr><th>${esc(c.models[0])} vs ${esc(c.models[1])}</th><td class="n">${formatCount(c.agreement.items)}</td>` +
        `<td class="n">${formatRatio(c.agreement.rate)}</td><td class="n">${formatRatio(c.agreement.kappa)}</td>` +
        `<td class="n">${difference(c.accuracyDifference)}</td><td class="n">${difference(c.macroF1Difference)}</td></tr>`,
    )
    .join('');
  const notes = report.comparisons
    .map((c) => `<li>${esc(c.models[0])} vs ${esc(c.models[1])}: ${esc(c.significance)}</li>`)
    .join('');
  const examples = report.comparisons
    .map((c) => {
      const rows = c.disagreements
        .flatMap((g) =>
          g.examples.map(
            (e) =>
              `<tr><th>${esc(g.group)}</th><td class="n">${formatCount(g.disagreed)} of ${formatCount(g.items)}</td>` +
              `<td class="n">${e.line ?? '–'}</td><td>${esc(e.gold)}</td><td>${esc(e.answers[0])}</td>` +
              `<td>${esc(e.answers[1])}</td><td>${esc(e.text ?? '–')}</td></tr>`,
          ),
        )
        .join('');
      if (rows === '') return '';
      return (
        `<h3>Disagreements: ${esc(c.models[0])} vs ${esc(c.models[1])}</h3><div class="scroll"><table>` +
        `<tr><th>group</th><th>disagreed</th><th>line</th><th>gold</th><th>${esc(c.models[0])}</th>` +
        `<th>${esc(c.models[1])}</th><th>text</th></tr>${rows}</table></div>`
      );
    })
    .join('');
  return (
    `<p class="note">Answers compared in the data's labels (each model's labels translated back through its label map). ` +
    `Δ is the first model minus the second over paired bootstrap resamples of the items both answered; * marks a ` +
    `${level} interval that excludes 0.</p>` +
    `<div class="scroll"><table><tr><th>models</th><th>items</th><th>agreement</th><th>Cohen's κ</th>` +
    `<th>Δ accuracy (${level} CI)</th><th>Δ macro-F1 (${level} CI)</th></tr>${pairs}</table></div>` +
    `<ul>${notes}</ul>${examples}`
  );
}

function failures(models: readonly ModelReport[]): string | null {
  const failing = models.filter((m) => m.failed.count > 0);
  if (failing.length === 0) return null;
  return `<ul>${failing
    .map(
      (m) =>
        `<li><strong>${esc(m.model)}</strong>: ${formatCount(m.failed.count)} items without a prediction, left out of every metric: ${Object.entries(
          m.failed.byReason,
        )
          .sort((a, b) => b[1] - a[1])
          .map(([reason, count]) => `${formatCount(count)} × ${esc(reason)}`)
          .join('; ')}</li>`,
    )
    .join('')}</ul>`;
}

/**
 * The report as one HTML page with its charts inline: no script, stylesheet, font or image is fetched, so that it
 * opens offline and leaks nothing about the data to anyone.
 */
export function renderHtmlReport(report: EvalReport): string {
  const { models } = report;
  const title = `Evaluation of ${models.map((m) => m.model).join(', ')} on ${fileName(report.data.file)}`;
  const overall = groupedBarChart({
    title: 'accuracy and macro-F1',
    categories: ['accuracy', 'macro-F1'],
    series: series(models, (m) => [m.metrics.accuracy, m.metrics.macroF1]),
  });
  const sections: Array<[string, string | null]> = [
    ['Summary', `<div class="row">${cards(models)}${overall}</div>`],
    ['Quality with intervals, beside the baselines', baselines(report)],
    ['Agreement between models', agreement(report)],
    ['Per label', perLabel(models)],
    [
      'Confusion matrices',
      `<p class="note">Rows are gold labels, columns the model's top label; a cell's shade is its share of the row.</p>` +
        `<div class="row">${models.map(heatmap).join('')}</div>`,
    ],
    [`Per ${report.data.groupBy ?? 'group'}`, perGroup(report)],
    [
      'Calibration',
      `<p class="note">Bars: accuracy of the items whose top-label probability falls in each bin; dashed: perfect calibration; red: the gap that ECE averages (${report.calibrationBins} bins).</p>` +
        `<div class="row">${models
          .map(
            (m, i) =>
              `<div><h3>${esc(m.model)}</h3>${reliabilityDiagram({ title: `reliability of ${m.model}`, calibration: m.metrics.calibration, colour: colourOf(i) })}</div>`,
          )
          .join('')}</div>`,
    ],
    ['Throughput and latency', performance(models)],
    ['Failed items', failures(models)],
  ];
  const body = sections
    .filter(([, html]) => html !== null)
    .map(([heading, html]) => `<section><h2>${esc(heading)}</h2>${html}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${esc(title)}</h1>
${syntheticBanner(models)}
${facts(report)}
${body}
<footer>sieve eval · ${esc(report.createdAt)}</footer>
</body>
</html>
`;
}
