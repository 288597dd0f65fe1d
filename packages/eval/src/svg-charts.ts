// Charts drawn as inline SVG strings by our own code: the report is one self-contained file with no scripts or
// fonts from elsewhere, because the data it describes may not leave the network. Sizes are in SVG user units;
// the page scales them down on narrow screens. Tooltips are SVG <title> elements, which need no script.
import type { Calibration } from './calibration-error.ts';
import { escapeMarkup } from './markup-escape.ts';

export interface BarSeries {
  name: string;
  colour: string;
  values: ReadonlyArray<number | null>;
}

export interface BarChartOptions {
  /** Read by screen readers and shown by hovering the chart. */
  title: string;
  categories: readonly string[];
  series: readonly BarSeries[];
  /** Top of the value axis; the default suits ratios. */
  max?: number;
  format?: (value: number) => string;
}

const TEXT = 'font-family="system-ui, sans-serif" font-size="11" fill="#374151"';
const num = (value: number) => Number(value.toFixed(1));
/** Text width is not measurable without a browser; this average glyph width keeps labels from overlapping. */
const textWidth = (text: string, fontSize = 11) => text.length * fontSize * 0.6;

function legend(series: readonly BarSeries[], x: number, y: number): string {
  let offset = x;
  return series
    .map((s) => {
      const item =
        `<rect x="${num(offset)}" y="${y - 9}" width="10" height="10" rx="2" fill="${s.colour}"/>` +
        `<text x="${num(offset + 14)}" y="${y}" ${TEXT}>${escapeMarkup(s.name)}</text>`;
      offset += 14 + textWidth(s.name) + 16;
      return item;
    })
    .join('');
}

/** Bars per category, one per series (model), on a shared 0..max axis with gridlines. */
export function groupedBarChart(options: BarChartOptions): string {
  const { categories, series } = options;
  const max = options.max ?? 1;
  const format = options.format ?? ((v: number) => v.toFixed(3));
  // Wide bars when there are few (the overall chart), never thinner than a clickable 12 units.
  const barWidth = Math.max(
    12,
    Math.min(40, Math.floor(480 / Math.max(1, categories.length * series.length))),
  );
  const groupWidth = series.length * barWidth + 18;
  const longest = Math.max(0, ...categories.map((c) => textWidth(c)));
  const rotate = longest > groupWidth - 4;
  // A label rotated by 40° reaches about 0.77 of its length to the left of its bar group's centre.
  const left = rotate ? Math.max(44, Math.ceil(longest * 0.77 - groupWidth / 2 + 12)) : 44;
  const top = 30;
  const plotHeight = 200;
  const plotWidth = categories.length * groupWidth;
  const bottom = rotate ? 18 + Math.min(110, longest * 0.75) : 26;
  const legendWidth = series.reduce((sum, s) => sum + 30 + textWidth(s.name), 0);
  const width = Math.max(left + plotWidth + 12, left + legendWidth);
  const height = top + plotHeight + bottom;
  const y = (value: number) => top + plotHeight * (1 - Math.min(value, max) / max);
  // A value printed over a bar must fit its width: "0.318" at 9 units is about 25 wide.
  const showValues = barWidth >= 28;

  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => {
      const gy = num(y(f * max));
      return (
        `<line x1="${left}" x2="${left + plotWidth}" y1="${gy}" y2="${gy}" stroke="${f === 0 ? '#9ca3af' : '#e5e7eb'}"/>` +
        `<text x="${left - 6}" y="${gy + 4}" text-anchor="end" ${TEXT}>${escapeMarkup(format(f * max))}</text>`
      );
    })
    .join('');

  const bars = categories
    .map((category, c) => {
      const groupX = left + c * groupWidth + 9;
      const centre = groupX + (series.length * barWidth) / 2;
      const label = rotate
        ? `<text transform="translate(${num(centre)},${top + plotHeight + 12}) rotate(-40)" text-anchor="end" ${TEXT}>${escapeMarkup(category)}</text>`
        : `<text x="${num(centre)}" y="${top + plotHeight + 16}" text-anchor="middle" ${TEXT}>${escapeMarkup(category)}</text>`;
      const rects = series
        .map((s, i) => {
          const value = s.values[c] ?? null;
          const x = groupX + i * barWidth;
          if (value === null) {
            return `<text x="${num(x + barWidth / 2)}" y="${top + plotHeight - 4}" text-anchor="middle" ${TEXT}>–<title>${escapeMarkup(`${s.name} · ${category}: no items`)}</title></text>`;
          }
          // A zero keeps a hairline, so that it reads as measured rather than missing.
          const barTop = Math.min(y(value), top + plotHeight - 1);
          const tip = `<title>${escapeMarkup(`${s.name} · ${category}: ${format(value)}`)}</title>`;
          const text = showValues
            ? `<text x="${num(x + barWidth / 2)}" y="${num(barTop - 3)}" text-anchor="middle" font-family="system-ui, sans-serif" font-size="9" fill="#374151">${escapeMarkup(format(value))}</text>`
            : '';
          return (
            `<rect x="${num(x + 1)}" y="${num(barTop)}" width="${barWidth - 2}" height="${num(top + plotHeight - barTop)}" fill="${s.colour}">${tip}</rect>` +
            text
          );
        })
        .join('');
      return rects + label;
    })
    .join('');

  return (
    `<svg class="chart" viewBox="0 0 ${num(width)} ${num(height)}" width="${num(width)}" height="${num(height)}" role="img" aria-label="${escapeMarkup(options.title)}">` +
    `<title>${escapeMarkup(options.title)}</title>` +
    legend(series, left, 14) +
    grid +
    bars +
    `</svg>`
  );
}

/**
 * A reliability diagram: per confidence bin, the share of right answers (bar) against the diagonal a perfectly
 * calibrated model would follow; the shaded gap is what ECE averages. Below it, how many items fell in each bin,
 * because a large gap over three items matters less than a small one over three thousand.
 */
export function reliabilityDiagram(options: {
  title: string;
  calibration: Calibration;
  colour: string;
}): string {
  const { bins, ece } = options.calibration;
  const left = 40;
  const top = 12;
  const size = 220;
  const histogramTop = top + size + 40;
  const histogramHeight = 36;
  const width = left + size + 14;
  const height = histogramTop + histogramHeight + 30;
  const x = (confidence: number) => left + size * confidence;
  const y = (accuracy: number) => top + size * (1 - accuracy);
  const most = Math.max(1, ...bins.map((b) => b.count));

  const grid = [0, 0.2, 0.4, 0.6, 0.8, 1]
    .map(
      (f) =>
        `<line x1="${left}" x2="${left + size}" y1="${num(y(f))}" y2="${num(y(f))}" stroke="#e5e7eb"/>` +
        `<text x="${left - 6}" y="${num(y(f) + 4)}" text-anchor="end" ${TEXT}>${f.toFixed(1)}</text>` +
        `<text x="${num(x(f))}" y="${top + size + 14}" text-anchor="middle" ${TEXT}>${f.toFixed(1)}</text>`,
    )
    .join('');

  const marks = bins
    .map((bin) => {
      const bx = x(bin.lower) + 1;
      const bw = x(bin.upper) - x(bin.lower) - 2;
      const count = bin.count;
      const hist = (histogramHeight * count) / most;
      const histogram =
        count > 0
          ? `<rect x="${num(bx)}" y="${num(histogramTop + histogramHeight - hist)}" width="${num(bw)}" height="${num(hist)}" fill="#9ca3af"><title>${count} items</title></rect>`
          : '';
      if (bin.accuracy === null || bin.meanConfidence === null) return histogram;
      const tip = escapeMarkup(
        `confidence ${bin.lower.toFixed(1)}–${bin.upper.toFixed(1)}: ${count} items, accuracy ${bin.accuracy.toFixed(3)}, mean confidence ${bin.meanConfidence.toFixed(3)}`,
      );
      const gapTop = y(Math.max(bin.accuracy, bin.meanConfidence));
      const gapBottom = y(Math.min(bin.accuracy, bin.meanConfidence));
      return (
        `<rect x="${num(bx)}" y="${num(y(bin.accuracy))}" width="${num(bw)}" height="${num(top + size - y(bin.accuracy))}" fill="${options.colour}" fill-opacity="0.85"><title>${tip}</title></rect>` +
        `<rect x="${num(bx)}" y="${num(gapTop)}" width="${num(bw)}" height="${num(gapBottom - gapTop)}" fill="#dc2626" fill-opacity="0.22" stroke="#dc2626" stroke-width="0.8"><title>${tip}</title></rect>` +
        histogram
      );
    })
    .join('');

  return (
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeMarkup(options.title)}">` +
    `<title>${escapeMarkup(options.title)}</title>` +
    grid +
    marks +
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#6b7280" stroke-dasharray="4 3"/>` +
    `<rect x="${left}" y="${top}" width="${size}" height="${size}" fill="none" stroke="#9ca3af"/>` +
    `<text x="${left + 6}" y="${top + 16}" ${TEXT} font-weight="600">ECE ${ece === null ? '–' : ece.toFixed(3)}</text>` +
    `<text x="${left + size / 2}" y="${top + size + 28}" text-anchor="middle" ${TEXT}>top label's probability</text>` +
    `<text transform="translate(11,${top + size / 2}) rotate(-90)" text-anchor="middle" ${TEXT}>accuracy</text>` +
    `<text x="${left + size / 2}" y="${histogramTop + histogramHeight + 16}" text-anchor="middle" ${TEXT}>items per bin</text>` +
    `</svg>`
  );
}
