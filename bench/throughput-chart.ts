import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchReport, ContenderReport } from './bench-report.ts';

interface Series {
  name: string;
  color: string;
  dashed: boolean;
  /** Open-loop points in offered-rate order (joined by a line); closed-loop points are squares. */
  points: Array<{ x: number; y: number; label: string; closed: boolean; offered: number }>;
}

const WIDTH = 1000;
const HEIGHT = 620;
const PLOT = { left: 80, right: 230, top: 50, bottom: 60 };

function seriesOf(
  name: string,
  color: string,
  dashed: boolean,
  report: ContenderReport | undefined,
): Series[] {
  const points = (report?.phases ?? [])
    .filter((p) => p.textsPerCall === 1 && p.texts > 0 && p.latencyMs.p99 > 0)
    .map((p) => ({
      x: p.textsPerSecond,
      y: p.latencyMs.p99,
      label: p.label,
      closed: p.loop === 'closed',
      offered: p.offeredCallsPerSecond ?? 0,
    }))
    .sort((a, b) => a.offered - b.offered);
  return points.length > 0 ? [{ name, color, dashed, points }] : [];
}

/** Throughput (texts/s) against p99 latency (log scale) for every contender that serves callers; ceilings as lines. */
export function chartSvg(report: BenchReport): string {
  const series: Series[] = [];
  const ceilings: Array<{ x: number; name: string; color: string }> = [];
  const colors = { fp32: ['#1f77b4', '#d62728'], int8: ['#2ca02c', '#ff7f0e'] } as const;
  for (const dtype of ['fp32', 'int8'] as const) {
    const d = report.dtypes[dtype];
    if (!d) continue;
    series.push(...seriesOf(`sieve ${dtype}`, colors[dtype][0], false, d.sieve));
    series.push(...seriesOf(`naive ${dtype}`, colors[dtype][1], true, d.naive));
    if (d.ceiling)
      ceilings.push({ x: d.ceiling.best.textsPerSecond, name: `ceiling ${dtype}`, color: colors[dtype][0] });
  }
  series.push(...seriesOf('fifo fp32', '#9467bd', true, report.fifo));
  const all = series.flatMap((s) => s.points);
  const maxX = Math.max(1, ...all.map((p) => p.x), ...ceilings.map((c) => c.x)) * 1.1;
  const ys = all.map((p) => p.y);
  const minY = Math.max(1, Math.min(...ys, 10) / 1.5);
  const maxY = Math.max(...ys, 100) * 1.5;
  const w = WIDTH - PLOT.left - PLOT.right;
  const h = HEIGHT - PLOT.top - PLOT.bottom;
  const sx = (x: number) => PLOT.left + (x / maxX) * w;
  const sy = (y: number) =>
    PLOT.top + h - ((Math.log10(y) - Math.log10(minY)) / (Math.log10(maxY) - Math.log10(minY))) * h;
  const parts: string[] = [];
  // Axes, grid and ticks.
  const step = niceStep(maxX / 6);
  for (let x = 0; x <= maxX; x += step) {
    parts.push(
      `<line x1="${sx(x)}" y1="${PLOT.top}" x2="${sx(x)}" y2="${PLOT.top + h}" stroke="#eee"/>`,
      `<text x="${sx(x)}" y="${PLOT.top + h + 20}" text-anchor="middle">${+x.toFixed(2)}</text>`,
    );
  }
  for (let e = Math.floor(Math.log10(minY)); e <= Math.ceil(Math.log10(maxY)); e++) {
    for (const m of [1, 2, 5]) {
      const y = m * 10 ** e;
      if (y < minY || y > maxY) continue;
      parts.push(
        `<line x1="${PLOT.left}" y1="${sy(y)}" x2="${PLOT.left + w}" y2="${sy(y)}" stroke="#eee"/>`,
        `<text x="${PLOT.left - 8}" y="${sy(y) + 4}" text-anchor="end">${y >= 1000 ? `${y / 1000}k` : y}</text>`,
      );
    }
  }
  parts.push(
    `<rect x="${PLOT.left}" y="${PLOT.top}" width="${w}" height="${h}" fill="none" stroke="#333"/>`,
    `<text x="${PLOT.left + w / 2}" y="${HEIGHT - 15}" text-anchor="middle">throughput (texts/s)</text>`,
    `<text transform="translate(20 ${PLOT.top + h / 2}) rotate(-90)" text-anchor="middle">p99 latency (ms, log scale)</text>`,
    `<text x="${PLOT.left}" y="28" font-size="16" font-weight="bold">sieve vs naive vs ceiling: throughput and p99 latency${report.quick ? ' (quick run)' : ''}</text>`,
    `<text x="${PLOT.left}" y="44" fill="#555">dots joined: open loop at rising offered rates; squares: closed loop (saturation, or one caller); dotted: in-process ceiling</text>`,
  );
  for (const c of ceilings) {
    parts.push(
      `<line x1="${sx(c.x)}" y1="${PLOT.top}" x2="${sx(c.x)}" y2="${PLOT.top + h}" stroke="${c.color}" stroke-width="2" stroke-dasharray="2 4"/>`,
    );
  }
  for (const s of series) {
    const open = s.points.filter((p) => !p.closed);
    const path = open
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`)
      .join(' ');
    if (open.length > 1)
      parts.push(
        `<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
      );
    for (const p of s.points) {
      const [cx, cy] = [sx(p.x), sy(p.y)];
      const title = `<title>${s.name} ${p.label}: ${p.x} texts/s, p99 ${p.y} ms</title>`;
      parts.push(
        p.closed
          ? `<rect x="${cx - 5}" y="${cy - 5}" width="10" height="10" fill="none" stroke="${s.color}" stroke-width="2">${title}</rect>`
          : `<circle cx="${cx}" cy="${cy}" r="4" fill="${s.color}">${title}</circle>`,
      );
    }
  }
  const legend = [
    ...series.map((s) => ({ name: s.name, color: s.color, dashed: s.dashed, dotted: false })),
    ...ceilings.map((c) => ({
      name: `${c.name} (${c.x.toFixed(1)}/s)`,
      color: c.color,
      dashed: false,
      dotted: true,
    })),
  ];
  legend.forEach((entry, i) => {
    const y = PLOT.top + 10 + i * 22;
    const x = WIDTH - PLOT.right + 20;
    const dash = entry.dotted ? ' stroke-dasharray="2 4"' : entry.dashed ? ' stroke-dasharray="6 4"' : '';
    parts.push(
      `<line x1="${x}" y1="${y}" x2="${x + 30}" y2="${y}" stroke="${entry.color}" stroke-width="2"${dash}/>`,
      `<text x="${x + 38}" y="${y + 4}">${entry.name}</text>`,
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12"><rect width="100%" height="100%" fill="white"/>${parts.join('')}</svg>`;
}

function niceStep(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
}

/** Renders the chart to PNG with headless Chromium; returns false (and says why) where Chromium is missing. */
export function renderChartPng(svg: string, pngPath: string): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'sieve-bench-chart-'));
  try {
    const html = join(dir, 'chart.html');
    writeFileSync(html, `<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    execFileSync(
      'chromium',
      [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        `--user-data-dir=${join(dir, 'profile')}`,
        `--screenshot=${pngPath}`,
        `--window-size=${WIDTH},${HEIGHT}`,
        '--hide-scrollbars',
        `file://${html}`,
      ],
      { stdio: 'ignore', timeout: 60_000 },
    );
    return true;
  } catch (error) {
    console.error(
      `bench: no PNG chart (headless chromium failed: ${String(error)}); bench.svg is written instead`,
    );
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
