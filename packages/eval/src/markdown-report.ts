import { fileName, type EvalReport, type ModelReport } from './eval-report.ts';
import { formatCount, formatMs, formatRate, formatRatio, formatSeconds } from './report-formatting.ts';

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
  if (data.labelMap) {
    const pairs = Object.entries(data.labelMap).map(([from, to]) => `${cell(from)} → ${cell(to)}`);
    lines.push(`- label map (data → model): ${pairs.join(', ')}`);
  }
  lines.push(
    `- calibration: expected calibration error (ECE) over ${report.calibrationBins} equal-width bins of the top label's probability`,
    "- throughput: the batch's results per second of run time; queue is create → start, run is start → end",
  );
  return lines.join('\n');
}

function summary(models: readonly ModelReport[]): string {
  return table(
    ['model', 'accuracy', 'macro-F1', 'ECE', 'evaluated', 'failed', 'texts/s', 'queue', 'run', 'batch'],
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    models.map((m) => [
      cell(m.model),
      formatRatio(m.metrics.accuracy),
      formatRatio(m.metrics.macroF1),
      formatRatio(m.metrics.calibration.ece),
      formatCount(m.evaluated),
      formatCount(m.failed.count),
      formatRate(m.throughput.textsPerSecond),
      formatSeconds(m.throughput.queueSeconds),
      formatSeconds(m.throughput.runSeconds),
      `\`${m.batchId}\`${m.reusedBatch ? ' (earlier run, reused)' : ''}`,
    ]),
  );
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
    ['', dataSection(report)],
    ['Summary', summary(report.models)],
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
