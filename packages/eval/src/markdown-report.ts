import { fileName, type EvalReport, type ModelReport } from './eval-report.ts';
import type { PairComparison } from './model-comparison.ts';
import {
  formatCount,
  formatInterval,
  formatLevel,
  formatMemory,
  formatMs,
  formatRate,
  formatRatio,
  formatSeconds,
} from './report-formatting.ts';

/** Data labels and group names go into table cells: a "|" or a newline in them must not break the table. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(header: string[], align: Array<'l' | 'r'>, rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(align.map((a) => (a === 'r' ? '---:' : '---'))), ...rows.map(line)].join('\n');
}

function dataSection(report: EvalReport): string {
  const { data } = report;
  const skipped =
    data.skipped.count === 0
      ? '0 skipped'
      : `${formatCount(data.skipped.count)} skipped because their gold label has no mapping (${Object.entries(
          data.skipped.byLabel,
        )
          .map(([label, count]) => `${cell(label)}: ${formatCount(count)}`)
          .join(', ')})`;
  const lines = [
    `- data: \`${data.file}\` (sha256 \`${data.sha256.slice(0, 12)}…\`), text field \`${data.textField}\`, label field \`${data.labelField}\`${data.groupBy ? `, grouped by \`${data.groupBy}\`` : ''}`,
    `- items: ${data.selection}; ${formatCount(data.submitted)} submitted per model, ${skipped}`,
  ];
  const pairsOf = (map: Record<string, string>) =>
    Object.entries(map)
      .map(([from, to]) => `${cell(from)} → ${cell(to)}`)
      .join(', ');
  const own = report.models.filter((m) => m.labelMap && !sameMap(m.labelMap, data.labelMap));
  if (data.labelMap) lines.push(`- label map (data → model): ${pairsOf(data.labelMap)}`);
  for (const m of own) lines.push(`- label map of ${cell(m.model)} (data → model): ${pairsOf(m.labelMap!)}`);
  lines.push(
    `- calibration: expected calibration error (ECE) over ${report.calibrationBins} equal-width bins of the top label's probability`,
    "- throughput: the batch's results per second of run time; queue is create → start, run is start → end; " +
      'wall texts/s is over this run from submit to the last result read (– when an earlier batch was reused); ' +
      "memory is the serving worker's resident memory, read after its batch where its metrics were reachable",
    `- intervals: ${formatLevel(report.bootstrap.level)} percentile bootstrap, ${formatCount(report.bootstrap.resamples)} resamples, seed ${report.bootstrap.seed}`,
  );
  return lines.join('\n');
}

function sameMap(a: Record<string, string> | null, b: Record<string, string> | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A quote block above everything else when any model serves random weights: its figures measure nothing. */
function syntheticBanner(models: readonly ModelReport[]): string | null {
  const synthetic = models.filter((m) => m.synthetic);
  if (synthetic.length === 0) return null;
  const names = synthetic.map((m) => cell(m.model)).join(', ');
  return (
    `> **Synthetic weights: ${names}.** ${synthetic.length === 1 ? 'This model serves' : 'These models serve'} ` +
    'random weights (`sieve models synth`): their answers mean nothing, and so do their figures below.'
  );
}

function summary(report: EvalReport): string {
  const level = formatLevel(report.bootstrap.level);
  const dash = '–';
  const rows = report.models.map((m) => [
    `${cell(m.model)}${m.synthetic ? ' (synthetic)' : ''}`,
    formatRatio(m.metrics.accuracy),
    formatRatio(m.metrics.macroF1),
    formatRatio(m.metrics.calibration.ece),
    formatInterval(m.intervals.accuracy),
    formatInterval(m.intervals.macroF1),
    formatCount(m.evaluated),
    formatCount(m.failed.count),
    formatRate(m.throughput.textsPerSecond),
    formatRate(m.throughput.wallTextsPerSecond),
    formatMemory(m.memory),
    formatSeconds(m.throughput.queueSeconds),
    formatSeconds(m.throughput.runSeconds),
    `\`${m.batchId}\`${m.reusedBatch ? ' (earlier run, reused)' : ''}`,
  ]);
  for (const b of report.baselines) {
    rows.push([
      `_baseline: ${cell(b.name)}_`,
      formatRatio(b.accuracy),
      formatRatio(b.macroF1),
      ...Array.from({ length: 11 }, () => dash),
    ]);
  }
  return table(
    [
      'model',
      'accuracy',
      'macro-F1',
      'ECE',
      `accuracy ${level} CI`,
      `macro-F1 ${level} CI`,
      'evaluated',
      'failed',
      'texts/s',
      'wall texts/s',
      'memory',
      'queue',
      'run',
      'batch',
    ],
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    rows,
  );
}

function agreement(report: EvalReport): string | null {
  if (report.comparisons.length === 0) return null;
  const level = formatLevel(report.bootstrap.level);
  const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(3)}`;
  const difference = (d: PairComparison['accuracyDifference']) =>
    d ? `${signed(d.estimate)} (${signed(d.low)} to ${signed(d.high)})${d.excludesZero ? ' *' : ''}` : '–';
  const pairs = table(
    ['models', 'items', 'agreement', "Cohen's κ", `Δ accuracy (${level} CI)`, `Δ macro-F1 (${level} CI)`],
    ['l', 'r', 'r', 'r', 'r', 'r'],
    report.comparisons.map((c) => [
      `${cell(c.models[0])} vs ${cell(c.models[1])}`,
      formatCount(c.agreement.items),
      formatRatio(c.agreement.rate),
      formatRatio(c.agreement.kappa),
      difference(c.accuracyDifference),
      difference(c.macroF1Difference),
    ]),
  );
  const notes = report.comparisons.map(
    (c) => `- ${cell(c.models[0])} vs ${cell(c.models[1])}: ${cell(c.significance)}`,
  );
  const examples: string[] = [];
  for (const c of report.comparisons) {
    const rows = c.disagreements.flatMap((g) =>
      g.examples.map((e) => [
        cell(g.group),
        `${formatCount(g.disagreed)} of ${formatCount(g.items)}`,
        e.line === null ? '–' : String(e.line),
        cell(e.gold),
        cell(e.answers[0]),
        cell(e.answers[1]),
        e.text === null ? '–' : cell(e.text.length > 80 ? `${e.text.slice(0, 79)}…` : e.text),
      ]),
    );
    if (rows.length === 0) continue;
    examples.push(
      `### Disagreements: ${cell(c.models[0])} vs ${cell(c.models[1])}\n\n` +
        table(
          ['group', 'disagreed', 'line', 'gold', cell(c.models[0]), cell(c.models[1]), 'text'],
          ['l', 'r', 'r', 'l', 'l', 'l', 'l'],
          rows,
        ),
    );
  }
  return [
    "Answers compared in the data's labels (each model's labels translated back through its label map). Δ is the " +
      'first model minus the second over paired bootstrap resamples of the items both answered; * marks an ' +
      'interval that excludes 0 (a significant difference).',
    pairs,
    notes.join('\n'),
    ...examples,
  ].join('\n\n');
}

/** Every label any model's matrix holds, in the first model's order, so that rows line up across models. */
function allLabels(models: readonly ModelReport[]): string[] {
  return [...new Set(models.flatMap((m) => m.metrics.confusion.labels))];
}

function perLabel(models: readonly ModelReport[]): string {
  const header = ['label', 'support'];
  const align: Array<'l' | 'r'> = ['l', 'r'];
  for (const m of models) {
    header.push(`${cell(m.model)} P`, `${cell(m.model)} R`, `${cell(m.model)} F1`);
    align.push('r', 'r', 'r');
  }
  const rows = allLabels(models).map((label) => {
    const row = [
      cell(label),
      formatCount(models[0]!.metrics.perLabel.find((l) => l.label === label)?.support ?? 0),
    ];
    for (const m of models) {
      const metrics = m.metrics.perLabel.find((l) => l.label === label);
      row.push(formatRatio(metrics?.precision), formatRatio(metrics?.recall), formatRatio(metrics?.f1));
    }
    return row;
  });
  return table(header, align, rows);
}

function confusion(model: ModelReport): string {
  const { labels, counts } = model.metrics.confusion;
  return table(
    ['gold ╲ predicted', ...labels.map(cell)],
    ['l', ...labels.map((): 'r' => 'r')],
    labels.map((label, g) => [cell(label), ...counts[g]!.map(formatCount)]),
  );
}

function perGroup(report: EvalReport): string | null {
  const { groupBy, groups } = report.data;
  if (!groupBy || !groups) return null;
  const header = [cell(groupBy), 'items'];
  const align: Array<'l' | 'r'> = ['l', 'r'];
  for (const m of report.models) {
    header.push(`${cell(m.model)} accuracy`, `${cell(m.model)} macro-F1`, `${cell(m.model)} ECE`);
    align.push('r', 'r', 'r');
  }
  const rows = groups.map((group) => {
    const first = report.models[0]?.groups?.find((g) => g.group === group);
    const row = [cell(group), formatCount(first?.metrics.count ?? 0)];
    for (const m of report.models) {
      const metrics = m.groups?.find((g) => g.group === group)?.metrics;
      row.push(
        formatRatio(metrics?.accuracy),
        formatRatio(metrics?.macroF1),
        formatRatio(metrics?.calibration.ece),
      );
    }
    return row;
  });
  return table(header, align, rows);
}

function latency(models: readonly ModelReport[]): string | null {
  const sampled = models.filter((m) => m.latency);
  if (sampled.length === 0) return null;
  return table(
    ['model', 'calls', 'mean', 'p50', 'p90', 'p99', 'max'],
    ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
    sampled.map((m) => {
      const l = m.latency!;
      return [
        cell(m.model),
        formatCount(l.calls),
        formatMs(l.meanMs),
        formatMs(l.p50Ms),
        formatMs(l.p90Ms),
        formatMs(l.p99Ms),
        formatMs(l.maxMs),
      ];
    }),
  );
}

function failures(models: readonly ModelReport[]): string | null {
  const failing = models.filter((m) => m.failed.count > 0);
  if (failing.length === 0) return null;
  return failing
    .map((m) => {
      const reasons = Object.entries(m.failed.byReason)
        .sort((a, b) => b[1] - a[1])
        .map(([reason, count]) => `${formatCount(count)} × ${reason}`);
      return `- ${cell(m.model)}: ${formatCount(m.failed.count)} items without a prediction, left out of every metric (${reasons.join('; ')})`;
    })
    .join('\n');
}

/** The report as Markdown: what `sieve eval` prints and writes as report.md. Models side by side throughout. */
export function renderMarkdownReport(report: EvalReport): string {
  const names = report.models.map((m) => m.model).join(', ');
  const sections: Array<[string, string | null]> = [
    ['', syntheticBanner(report.models)],
    ['', dataSection(report)],
    ['Summary', summary(report)],
    ['Agreement between models', agreement(report)],
    ['Per label', perLabel(report.models)],
    ...report.models.map((m): [string, string] => [
      `Confusion matrix: ${cell(m.model)} (rows gold, columns predicted)`,
      confusion(m),
    ]),
    [`Per ${report.data.groupBy ?? 'group'}`, perGroup(report)],
    ['Latency of unary Classify (one text per call, one call at a time)', latency(report.models)],
    ['Failed items', failures(report.models)],
  ];
  const body = sections
    .filter(([, text]) => text !== null)
    .map(([title, text]) => (title ? `## ${title}\n\n${text}` : text!))
    .join('\n\n');
  return `# Evaluation of ${names} on ${fileName(report.data.file)}\n\n${body}\n`;
}
