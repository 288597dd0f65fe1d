import type { CeilingResult } from './ceiling-contender.ts';
import { cpuBreakdown, orderedProcessNames, type CpuCost } from './cpu-breakdown.ts';
import { NOISE_ALLOWANCE, type Issue30Baseline, type Issue30Row } from './issue-30-targets.ts';
import type { MachineInfo } from './machine-info.ts';
import type { PhaseResult } from './phase-measurement.ts';
import type { ResponseCacheResult } from './response-cache-run.ts';
import type { ServerTimingsP50 } from './server-timings.ts';
import type { StreamMemoryResult } from './stream-memory-run.ts';
import type { TokenizationReport } from './tokenization-cost.ts';

export interface ContenderReport {
  phases: PhaseResult[];
  /** Peak RSS of each of the contender's processes over its whole life (MB). */
  peakRssMb: Record<string, number>;
}

export interface DtypeReport {
  modelFileMb: number;
  /** The sessions and threads sieve's workers chose for this dtype (SIEVE_SESSIONS, SIEVE_INTRA_OP_THREADS). */
  sieveLayout?: { sessions: number; intraOpThreads: number; reason?: string };
  ceiling?: Omit<CeilingResult, 'predictions'>;
  /** The ceiling's best batch size measured again after sieve ran: how much the machine's load moved. */
  ceilingRecheck?: { sessions?: number; batchSize: number; textsPerSecond: number };
  naive?: ContenderReport;
  sieve?: ContenderReport;
}

export interface Target {
  target: string;
  measured: string;
  /** undefined: not measured in this run. */
  met?: boolean;
}

export interface BenchReport {
  machine: MachineInfo;
  /** Load average when the run ended: with the one at start, how busy the machine was. */
  loadAverageAtEnd?: number[];
  quick: boolean;
  settings: Record<string, unknown>;
  corpus: { name: string; texts: number; realTokens: number; tokensPerText: Record<string, number> };
  dtypes: Partial<Record<'fp32' | 'int8', DtypeReport>>;
  int8AgreementWithFp32?: number;
  fifo?: ContenderReport;
  fabric?: ContenderReport & { streamMemory?: StreamMemoryResult };
  responseCache?: ResponseCacheResult;
  /** CPU per text of the runtime's tokenization by text length, timed in the benchmark's process. */
  tokenization?: TokenizationReport;
  /** The same rows for the Rust library's path (TextTokenizer.encodeWithLibrary): before and after in one run. */
  tokenizationLibrary?: TokenizationReport;
  /** The stored report's figures issue 30 is measured against (read before this report replaced it). */
  baseline?: Issue30Baseline;
  issue30?: Issue30Row[];
  ratios: Record<string, number>;
  targets: Target[];
  durationSeconds: number;
}

export const phase = (report: ContenderReport | undefined, label: string) =>
  report?.phases.find((p) => p.label === label);

/**
 * The saturation throughput of sieve: the best of its closed-loop runs (unary, streaming, several texts per call:
 * a high-volume client sends its texts in batches), or of those with `textsPerCall` texts per call.
 */
export function saturated(
  report: ContenderReport | undefined,
  textsPerCall?: number,
): PhaseResult | undefined {
  const closed =
    report?.phases.filter(
      (p) =>
        p.loop === 'closed' &&
        p.concurrency > 1 &&
        (textsPerCall === undefined || p.textsPerCall === textsPerCall),
    ) ?? [];
  return closed.reduce<PhaseResult | undefined>(
    (best, p) => (!best || p.textsPerSecond > best.textsPerSecond ? p : best),
    undefined,
  );
}

const fixed = (n: number | undefined, digits = 2) => (n === undefined ? 'n/a' : n.toFixed(digits));

/** The issue's targets, each with what this run measured and whether it is met. */
export function evaluateTargets(report: Omit<BenchReport, 'targets' | 'ratios' | 'durationSeconds'>): {
  ratios: Record<string, number>;
  targets: Target[];
} {
  const ratios: Record<string, number> = {};
  const targets: Target[] = [];
  const add = (target: string, measured: string, met: boolean | undefined) =>
    targets.push({ target, measured, ...(met === undefined ? {} : { met }) });
  for (const dtype of ['fp32', 'int8'] as const) {
    const d = report.dtypes[dtype];
    if (!d) continue;
    const best = saturated(d.sieve);
    const single = saturated(d.sieve, 1);
    const ceiling =
      d.ceiling && Math.max(d.ceiling.best.textsPerSecond, d.ceilingRecheck?.textsPerSecond ?? 0);
    if (best && ceiling !== undefined) {
      const sieveMax = best.textsPerSecond;
      ratios[`sieve/ceiling ${dtype}`] = +(sieveMax / ceiling).toFixed(3);
      // One text per call pays the gRPC and queue costs per text; said beside the best, never instead of it.
      const perText =
        single && single !== best
          ? `; one text per call (${single.label}): ${fixed(single.textsPerSecond)} = ${fixed(single.textsPerSecond / ceiling, 3)}`
          : '';
      if (single)
        ratios[`sieve/ceiling ${dtype}, one text per call`] = +(single.textsPerSecond / ceiling).toFixed(3);
      add(
        `sieve >= 0.95 x ceiling (${dtype})`,
        `${fixed(sieveMax)} (${best.label}) / ${fixed(ceiling)} texts/s = ${fixed(sieveMax / ceiling, 3)}${perText}`,
        sieveMax / ceiling >= 0.95,
      );
    }
    const sieve32 = phase(d.sieve, 'closed unary');
    const naive32 = phase(d.naive, 'closed unary');
    if (sieve32 && naive32) {
      ratios[`sieve/naive ${dtype}`] = +(sieve32.textsPerSecond / naive32.textsPerSecond).toFixed(3);
      add(
        `sieve >= naive with ${sieve32.concurrency} callers (${dtype})`,
        `${fixed(sieve32.textsPerSecond)} vs ${fixed(naive32.textsPerSecond)} texts/s`,
        sieve32.textsPerSecond >= naive32.textsPerSecond,
      );
    }
    const sieveAt80 = phase(d.sieve, 'open 80% of naive max');
    const naiveAt80 = phase(d.naive, 'open 80% of naive max');
    if (sieveAt80 && naiveAt80) {
      ratios[`p99 sieve/naive at 80% ${dtype}`] = +(
        sieveAt80.latencyMs.p99 / naiveAt80.latencyMs.p99
      ).toFixed(3);
      add(
        `p99 sieve <= 0.5 x naive at 80% of naive's max (${dtype})`,
        `${fixed(sieveAt80.latencyMs.p99, 1)} vs ${fixed(naiveAt80.latencyMs.p99, 1)} ms at ${fixed(sieveAt80.offeredCallsPerSecond)} calls/s`,
        sieveAt80.latencyMs.p99 <= 0.5 * naiveAt80.latencyMs.p99,
      );
    }
    const worker = d.sieve?.peakRssMb['worker-1'];
    if (worker !== undefined) {
      const bound = d.modelFileMb * 1.3 + 200;
      // Judged on the worker as configured by default; the other layout's worker, when measured, said beside it.
      const others = Object.entries(d.sieve?.peakRssMb ?? {})
        .filter(([name]) => name.startsWith('worker-1 ('))
        .map(([name, mb]) => `; ${name.slice('worker-1 ('.length, -1)}: ${mb} MB`)
        .join('');
      const layoutNote = d.sieveLayout
        ? ` (${d.sieveLayout.sessions} session${d.sieveLayout.sessions > 1 ? 's' : ''}${others})`
        : others;
      add(
        `worker RSS <= model x 1.3 + 200 MB (${dtype})`,
        `${worker} MB${layoutNote} vs ${Math.round(bound)} MB (model ${d.modelFileMb} MB)`,
        worker <= bound,
      );
    }
  }
  const ceilingOf = (d: DtypeReport | undefined) =>
    d?.ceiling && Math.max(d.ceiling.best.textsPerSecond, d.ceilingRecheck?.textsPerSecond ?? 0);
  const fp32 = ceilingOf(report.dtypes.fp32);
  const int8 = ceilingOf(report.dtypes.int8);
  if (fp32 && int8) {
    ratios['int8/fp32 ceiling'] = +(int8 / fp32).toFixed(3);
    add(
      'int8 >= 2 x fp32 ceiling',
      `${fixed(int8)} / ${fixed(fp32)} = ${fixed(int8 / fp32, 2)}; top-label agreement ${fixed((report.int8AgreementWithFp32 ?? 0) * 100, 1)}%`,
      int8 / fp32 >= 2,
    );
  }
  const fabric = report.fabric;
  const eight = phase(fabric, 'stream, 8 texts per call');
  if (eight)
    add(
      'fabric >= 20,000 texts/s (8 texts per call)',
      `${fixed(eight.textsPerSecond, 0)} texts/s`,
      eight.textsPerSecond >= 20_000,
    );
  const single = phase(fabric, 'unary, 1 text per call');
  if (single)
    add(
      'fabric >= 5,000 single-text unary calls/s',
      `${fixed(single.callsPerSecond, 0)} calls/s`,
      single.callsPerSecond >= 5_000,
    );
  const lowSieve = phase(report.dtypes.fp32?.sieve, 'low load (1 caller)');
  // The base is in-process inference with the session sieve's workers use (ORT's defaults spin, which the workers
  // do not: bench/NOTES.md); the report shows both.
  const ceiling = report.dtypes.fp32?.ceiling;
  const inProcess = ceiling?.singleTextLatencyWorkerSessionMs?.p50 ?? ceiling?.singleTextLatencyMs.p50;
  const fabricLow = phase(fabric, 'low load (1 caller)');
  if (lowSieve && inProcess !== undefined) {
    const added = lowSieve.latencyMs.p50 - inProcess;
    ratios['added p50 ms (fp32)'] = +added.toFixed(2);
    add(
      'added p50 over in-process <= 2 ms at low load',
      `${fixed(lowSieve.latencyMs.p50)} - ${fixed(inProcess)} = ${fixed(added)} ms` +
        (fabricLow ? ` (no-op model end to end: p50 ${fixed(fabricLow.latencyMs.p50)} ms)` : '') +
        serverSplit(lowSieve.serverTimingsP50Ms),
      added <= 2,
    );
  }
  const streams = fabric?.streamMemory;
  if (streams) {
    add(
      `gateway RSS <= 200 MB with ${streams.streams} open streams`,
      `${streams.gatewayRssWithStreamsMb} MB (peak ${streams.gatewayPeakRssMb} MB)`,
      streams.gatewayPeakRssMb <= 200,
    );
  }
  return { ratios, targets };
}

/** Where the one caller's time went by sieve's own answers: whether inference or the hops around it grew. */
function serverSplit(timings: ServerTimingsP50 | undefined): string {
  if (!timings) return '';
  return (
    `; its answers' own timings, p50: inference ${fixed(timings.inference)} ms, queue ${fixed(timings.queue)}, ` +
    `tokenization ${fixed(timings.tokenization)}, gateway in all ${fixed(timings.gateway)}`
  );
}

const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;

/** The ceiling measured before and after sieve should agree; when it does not, the machine's load moved. */
function noiseWarnings(report: BenchReport): string[] {
  const drifts = Object.entries(report.dtypes).flatMap(([dtype, d]) => {
    if (!d.ceiling || !d.ceilingRecheck) return [];
    const first = d.ceiling.best.textsPerSecond;
    const again = d.ceilingRecheck.textsPerSecond;
    const drift = Math.abs(again - first) / Math.max(first, again);
    return drift > 0.1 ? [`${dtype} ${fixed(first, 1)} then ${fixed(again, 1)} texts/s`] : [];
  });
  if (drifts.length === 0) return [];
  return [
    `**The machine's load changed during this run** (the ceiling measured before and after sieve: ${drifts.join('; ')}). ` +
      'Ratios and yes/no below compare numbers taken under different loads: rerun on a quiet machine before trusting them.',
    '',
  ];
}

function sizesText(sizes: Record<string, number> | undefined): string {
  if (!sizes) return '';
  return Object.entries(sizes)
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([size, count]) => `${size}:${count}`)
    .join(' ');
}

function phaseRows(contender: string, report: ContenderReport | undefined): string[] {
  return (report?.phases ?? []).map((p) =>
    row([
      contender,
      p.label,
      p.concurrency,
      fixed(p.textsPerSecond, 1),
      p.tokensPerSecond,
      fixed(p.latencyMs.p50, 1),
      fixed(p.latencyMs.p95, 1),
      fixed(p.latencyMs.p99, 1),
      fixed(p.cpuSecondsPer1kTexts, 1),
      p.batching ? fixed(p.batching.paddingRatio, 2) : '',
      p.batching ? fixed(p.batching.meanBatchSize, 1) : '',
      p.batching?.requestsPerJob ? fixed(p.batching.requestsPerJob, 1) : '',
      Object.entries(p.errors)
        .map(([code, n]) => `${code} ${n}`)
        .join(', '),
    ]),
  );
}

const PHASE_HEADER = [
  row([
    'contender',
    'load',
    'callers',
    'texts/s',
    'tokens/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'CPU s / 1k texts',
    'padded/real',
    'mean batch',
    'requests / job',
    'errors',
  ]),
  row(Array.from({ length: 13 }, () => '---')),
];

/** Reports written before the features were recorded have none: they say nothing rather than "none". */
function cpuFeatureList(machine: MachineInfo): string {
  const features = (machine as Partial<MachineInfo>).cpuFeatures;
  if (features === undefined) return '';
  return features.length > 0 ? `; ${features.join(', ')}` : '; no AVX2';
}

/** `chart`: the chart file beside the report (the PNG, or the SVG when no headless browser could render it). */
export function markdownReport(report: BenchReport, chart = 'bench.png'): string {
  const m = report.machine;
  const lines: string[] = [
    '# sieve benchmark',
    '',
    `${report.quick ? '**Quick run** (few texts, short phases: a smoke test, not a measurement). ' : ''}` +
      `${m.cpus} cores (${m.cpuModel}${cpuFeatureList(m)}), ${m.memoryGb} GB, ${m.platform}, Node ${m.node}, commit ${m.commit}, ${m.date}; ` +
      `load average at start ${m.loadAverageAtStart.join(' / ')}` +
      (report.loadAverageAtEnd ? `, at end ${report.loadAverageAtEnd.join(' / ')}` : '') +
      `. Took ${Math.round(report.durationSeconds)} s.`,
    '',
    `Model: synthetic \`distilbert-multilingual\` (the real model's shape, random weights). Texts: ${report.corpus.texts} of ` +
      `\`${report.corpus.name}\` spread over its languages (tokens per text: ${Object.entries(
        report.corpus.tokensPerText,
      )
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}), one text per call unless said otherwise. Settings: ${Object.entries(report.settings)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', ')}.`,
    '',
    `![throughput vs p99 latency](${chart})`,
    '',
    '## Targets',
    '',
    ...noiseWarnings(report),
    row(['target', 'measured', 'met']),
    row(['---', '---', '---']),
    ...report.targets.map((t) =>
      row([t.target, t.measured, t.met === undefined ? 'n/a' : t.met ? 'yes' : 'NO']),
    ),
    '',
    `Ratios: ${Object.entries(report.ratios)
      .map(([k, v]) => `${k} ${v}`)
      .join('; ')}.`,
    ...issue30Lines(report),
  ];
  for (const [dtype, d] of Object.entries(report.dtypes)) {
    lines.push('', `## ${dtype} (graph ${d.modelFileMb} MB)`, '');
    if (d.ceiling) {
      lines.push(
        `Ceiling (ONNX Runtime in-process, sorted batches; tokenization included), peak RSS ${d.ceiling.peakRssMb} MB, one text at a time p50 ${fixed(d.ceiling.singleTextLatencyMs.p50, 1)} ms (${fixed(d.ceiling.singleTextLatencyWorkerSessionMs?.p50 ?? Number.NaN, 1)} ms with the workers' session settings)` +
          (d.ceilingRecheck
            ? `; ${layoutOf(d.ceilingRecheck.sessions ?? 1)}, batch ${d.ceilingRecheck.batchSize} again after sieve: ${fixed(d.ceilingRecheck.textsPerSecond, 1)} texts/s (sieve is held to the higher)`
            : '') +
          ':',
        '',
        row(['sessions', 'batch size', 'texts/s', 'tokens/s', 'padded/real', 'CPU s / 1k texts']),
        row(['---', '---', '---', '---', '---', '---']),
        ...d.ceiling.runs.map((r) =>
          row([
            layoutOf(r.sessions ?? 1),
            r.batchSize === d.ceiling!.best.batchSize && r.sessions === d.ceiling!.best.sessions
              ? `**${r.batchSize}**`
              : r.batchSize,
            fixed(r.textsPerSecond, 1),
            r.tokensPerSecond,
            fixed(r.paddingRatio, 2),
            fixed(r.cpuSecondsPer1kTexts, 1),
          ]),
        ),
        '',
      );
    }
    if (d.sieve && d.sieveLayout)
      lines.push(
        `sieve's worker: ${d.sieveLayout.sessions} session(s) of ${d.sieveLayout.intraOpThreads} thread(s) (SIEVE_SESSIONS=${String(report.settings.SIEVE_SESSIONS)}${d.sieveLayout.reason ? `: ${d.sieveLayout.reason}` : ''})` +
          (d.sieve.phases.some((p) => / threads?$/.test(p.label))
            ? '; phases named "..., N session(s) of M thread(s)" ran on a second cluster in that layout.'
            : '.'),
        '',
      );
    lines.push(...PHASE_HEADER, ...phaseRows('naive', d.naive), ...phaseRows('sieve', d.sieve));
    const sat = saturated(d.sieve);
    if (sat?.batching)
      lines.push(
        '',
        `sieve batch sizes at saturation (${sat.label}), size:batches: ${sizesText(sat.batching.sizes)}`,
      );
    lines.push(
      '',
      `Peak RSS (MB): ${[...Object.entries(d.sieve?.peakRssMb ?? {}), ...Object.entries(d.naive?.peakRssMb ?? {})].map(([k, v]) => `${k} ${v}`).join(', ')}`,
    );
  }
  if (report.fifo) {
    lines.push(
      '',
      '## fifo: the same cluster, arrival-order batches of 8',
      '',
      ...PHASE_HEADER,
      ...phaseRows('fifo', report.fifo),
    );
    const sat = saturated(report.fifo);
    if (sat?.batching) lines.push('', `batch sizes: ${sizesText(sat.batching.sizes)}`);
  }
  if (report.fabric) {
    lines.push(
      '',
      '## fabric: gateway + Redis + worker with a no-op model (SIEVE_NOOP_INFERENCE=true)',
      '',
      ...PHASE_HEADER,
      ...phaseRows('fabric', report.fabric),
      '',
      `Peak RSS over the fabric runs (MB): ${Object.entries(report.fabric.peakRssMb)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    const s = report.fabric.streamMemory;
    if (s)
      lines.push(
        '',
        `${s.streams} open ClassifyStream calls (${s.answered} requests answered on them): gateway RSS ${s.gatewayRssBeforeMb} MB before, ${s.gatewayRssWithStreamsMb} MB with them open, peak ${s.gatewayPeakRssMb} MB.`,
      );
  }
  lines.push(
    ...cpuBreakdownLines(report),
    ...tokenizationLines(report.tokenization, report.tokenizationLibrary),
  );
  const c = report.responseCache;
  if (c) {
    lines.push(
      '',
      `## Response cache on \`${c.corpus}\` (${c.texts} texts in file order, ${c.distinctTexts} distinct)`,
      '',
      ...PHASE_HEADER,
      ...phaseRows('sieve', { phases: [c.cacheOff, c.cacheOn], peakRssMb: {} }),
      '',
      `Hit ratio ${fixed(c.hitRatio * 100, 1)}% (answers marked cached), texts computed by the worker ${c.cacheOff.batching?.texts ?? 'n/a'} -> ${c.cacheOn.batching?.texts ?? 'n/a'}, throughput x${c.speedup}.`,
    );
  }
  lines.push(
    '',
    "CPU s / 1k texts sums every process of the contender and the load generator (from /proc/<pid>/stat); padded/real, batch sizes and requests per job (how many calls shared each queued job) are the workers' own counters.",
    '',
  );
  return lines.join('\n');
}

/** A ceiling run's session layout, as the report's table says it. */
function layoutOf(sessions: number): string {
  return sessions > 1 ? `${sessions} x 1 thread` : '1 (all cores)';
}

const UNIT_TEXT: Record<Issue30Row['unit'], string> = {
  'x ceiling': '',
  MB: ' MB',
  'us/text': ' us/text',
  ms: ' ms',
};

/** Issue 30's targets in one table: value, target, met, and the stored report's value where the row has one. */
function issue30Lines(report: BenchReport): string[] {
  const rows = report.issue30;
  if (!rows) return [];
  const base = report.baseline;
  const withUnit = (row: Issue30Row, n: number | undefined) =>
    n === undefined ? 'n/a' : `${n}${UNIT_TEXT[row.unit]}`;
  return [
    '',
    '## Issue 30 targets',
    '',
    (base
      ? `Stored report measured against: commit ${base.commit} of ${base.date}.`
      : 'No stored full report to compare with: rows that need one say n/a.') +
      ` "Nothing else gets worse" allows ${Math.round(NOISE_ALLOWANCE * 100)} % over the stored value (run-to-run noise on shared cores).`,
    '',
    row(['target', 'value', 'target', 'met', 'stored', 'measured as']),
    row(['---', '---', '---', '---', '---', '---']),
    ...rows.map((r) =>
      row([
        r.name,
        withUnit(r, r.value),
        r.target === undefined
          ? `${r.comparison} ${r.targetSource ?? 'n/a'}`
          : `${r.comparison} ${withUnit(r, r.target)}${r.targetSource ? ` (${r.targetSource})` : ''}`,
        r.met === undefined ? 'n/a' : r.met ? 'yes' : 'NO',
        withUnit(r, r.baseline),
        r.detail ?? '',
      ]),
    ),
  ];
}

/** The phases whose CPU split the report shows: saturation at 1 and 8 texts per call, real model and no-op. */
function cpuPhases(report: BenchReport): Array<{ contender: string; phase: PhaseResult }> {
  const shown = (p: PhaseResult) =>
    p.loop === 'closed' && p.concurrency > 1 && (p.textsPerCall === 1 || p.textsPerCall === 8);
  return [
    ...Object.entries(report.dtypes).flatMap(([dtype, d]) =>
      (d.sieve?.phases ?? []).filter(shown).map((phase) => ({ contender: `sieve ${dtype}`, phase })),
    ),
    ...(report.fabric?.phases ?? [])
      .filter(shown)
      .map((phase) => ({ contender: 'fabric (no-op model)', phase })),
  ];
}

/** Where each phase's CPU went, per process: microseconds per text answered / per call answered. */
function cpuBreakdownLines(report: BenchReport): string[] {
  const phases = cpuPhases(report).map(({ contender, phase }) => ({
    contender,
    phase,
    cost: phase.cpuMicroseconds ?? cpuBreakdown(phase.processes, phase),
  }));
  if (phases.length === 0) return [];
  const names = orderedProcessNames([...new Set(phases.flatMap((p) => Object.keys(p.cost)))]);
  const cell = (cost: CpuCost | undefined, name: string) =>
    !cost
      ? ''
      : `${cost.perTextUs} / ${cost.perCallUs}` +
        (cost.eventLoop && name.startsWith('worker')
          ? ` (event loop ${cost.eventLoop.perTextUs} / ${cost.eventLoop.perCallUs})`
          : '');
  return [
    '',
    '## Where the CPU goes',
    '',
    'CPU microseconds per text / per call answered, each process from `/proc/<pid>/stat` over the phase (user + ' +
      'system, every thread; 10 ms ticks). `server` sums the contender (everything but the load generator, which ' +
      "runs in the benchmark's own process); with the no-op model it is the fabric's own cost, the worker's " +
      "tokenization included. A worker's event loop (its main thread, from `/proc/<pid>/task/<pid>/stat`) is " +
      'said in brackets: the rest of its CPU is mostly its inference sessions.',
    '',
    row(['contender', 'load', 'texts/call', 'texts/s', ...names]),
    row(Array.from({ length: 4 + names.length }, () => '---')),
    ...phases.map(({ contender, phase, cost }) =>
      row([
        contender,
        phase.label,
        phase.textsPerCall,
        fixed(phase.textsPerSecond, 1),
        ...names.map((name) => cell(cost[name], name)),
      ]),
    ),
  ];
}

function tokenizationLines(
  tokenization: TokenizationReport | undefined,
  beside: TokenizationReport | undefined,
): string[] {
  if (!tokenization) return [];
  const besideOf = (r: TokenizationReport['rows'][number]) =>
    beside?.rows.find((b) => b.bucket === r.bucket && b.textsPerCall === r.textsPerCall);
  const extra = beside ? [`${beside.function}: CPU us/text`] : [];
  return [
    '',
    `## Tokenization: \`${tokenization.function}\``,
    '',
    "CPU of the benchmark's process (every thread) per text while it tokenizes the corpus sample's texts of each " +
      'length, that many texts per call, calls one after the other, nothing else running' +
      (beside ? `; the last column times \`${beside.function}\` the same way.` : '.'),
    '',
    row([
      'texts',
      'tokens',
      'sample texts',
      'mean tokens',
      'texts/call',
      'texts timed',
      'CPU us/text',
      'wall us/text',
      ...extra,
    ]),
    row(Array.from({ length: 8 + extra.length }, () => '---')),
    ...tokenization.rows.map((r) =>
      row([
        r.bucket,
        r.tokens,
        r.sampleTexts,
        r.meanTokens,
        r.textsPerCall,
        r.textsTimed,
        fixed(r.cpuUsPerText, 1),
        fixed(r.wallUsPerText, 1),
        ...(beside ? [fixed(besideOf(r)?.cpuUsPerText, 1)] : []),
      ]),
    ),
  ];
}
