// `pnpm bench`: every contender in one run on this machine, same model, same texts (see USAGE in bench-options.ts
// and bench/NOTES.md). Benchmarks are commands that write reports, never timed assertions.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  modelGraphBytes,
  sessionLayoutOf,
  TextTokenizer,
  wordEmbeddingTableBytes,
  type SessionLayout,
} from '@sieve/runtime';
import { readCorpus, REALISTIC_CORPUS, shuffled, spreadSample, SPAM_CORPUS } from './bench-corpus.ts';
import { benchModelDir, modelFileMb } from './bench-model.ts';
import { parseBenchOptions } from './bench-options.ts';
import {
  evaluateTargets,
  markdownReport,
  type BenchReport,
  type ContenderReport,
  type DtypeReport,
} from './bench-report.ts';
import { runCeiling } from './ceiling-contender.ts';
import {
  baselineOf,
  FABRIC_BATCH_TOKENS,
  FABRIC_EIGHT_PER_CALL_CPU_BATCHING,
  issue30Targets,
  type Issue30Baseline,
} from './issue-30-targets.ts';
import { machineInfo } from './machine-info.ts';
import { NaiveContender } from './naive-contender.ts';
import type { LoadSpec } from './load-generator.ts';
import { runResponseCache } from './response-cache-run.ts';
import { SieveContender } from './sieve-contender.ts';
import { runStreamMemory } from './stream-memory-run.ts';
import { chartSvg, renderChartPng } from './throughput-chart.ts';
import { measureTokenization } from './tokenization-cost.ts';

const options = parseBenchOptions(process.argv.slice(2));
const started = performance.now();
const machine = machineInfo();
const log = (message: string) =>
  console.error(`bench [${Math.round((performance.now() - started) / 1000)} s] ${message}`);
const workDir = mkdtempSync(join(tmpdir(), 'sieve-bench-'));
const modelDir = await benchModelDir(options.modelDir);
if (options.services === 'compiled') {
  // What the images ship: the services compiled to dist/ and run by plain Node (no tsx loader in any isolate).
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build-dist.mjs', import.meta.url))], {
    stdio: 'inherit',
  });
}
const has = (name: Parameters<typeof options.contenders.has>[0]) => options.contenders.has(name);

// The same texts for everyone, in one mixed arrival order; token counts from the model's own tokenizer.
const texts = shuffled(spreadSample(readCorpus(REALISTIC_CORPUS), options.texts));
const tokenizer = TextTokenizer.fromJson(
  'tokenizer.json',
  readFileSync(join(modelDir, 'tokenizer.json'), 'utf8'),
  512,
);
const countTokens = (list: readonly string[]) => tokenizer.countTokens(list);
const tokenCounts = await countTokens(texts);
const sortedCounts = [...tokenCounts].sort((a, b) => a - b);
const at = (p: number) =>
  sortedCounts[Math.min(sortedCounts.length - 1, Math.floor(p * sortedCounts.length))]!;
const corpus = {
  name: REALISTIC_CORPUS,
  texts: texts.length,
  realTokens: tokenCounts.reduce((sum, n) => sum + n, 0),
  tokensPerText: {
    mean: Math.round(tokenCounts.reduce((sum, n) => sum + n, 0) / tokenCounts.length),
    p50: at(0.5),
    p95: at(0.95),
    max: sortedCounts.at(-1)!,
  },
};
log(
  `${texts.length} texts, ${corpus.realTokens} tokens (${JSON.stringify(corpus.tokensPerText)}); model ${modelDir}`,
);

// Issue 30's targets compare with the stored report: read it now, before this run's report replaces it.
let baseline: Issue30Baseline | undefined;
if (existsSync(options.baseline)) {
  baseline = baselineOf(JSON.parse(readFileSync(options.baseline, 'utf8')) as BenchReport);
  log(
    baseline
      ? `baseline: ${options.baseline}, commit ${baseline.commit} (${baseline.date})`
      : `baseline: ${options.baseline} is a quick run without a baseline of its own: issue 30 rows that need one say n/a`,
  );
} else log(`baseline: no ${options.baseline}: issue 30 rows that need a stored report say n/a`);

// Before any contender starts, so that this process's CPU is the tokenizer's alone.
const timeTokenization = async (name: string, encode: (texts: string[]) => Promise<unknown>) => {
  log(`tokenization: ${name}, CPU per text by length`);
  const timed = await measureTokenization({
    name,
    encode,
    texts,
    tokenCounts,
    textsPerCall: [1, 8],
    minTexts: options.tokenizationTexts,
    minCpuMs: options.tokenizationCpuMs,
  });
  for (const r of timed.rows)
    log(
      `  ${r.bucket === 'all' ? 'all texts' : `${r.bucket} (${r.tokens} tokens)`}, ${r.textsPerCall} per call: ` +
        `${r.cpuUsPerText} us CPU per text`,
    );
  return timed;
};
// The worker's own call (classify-job-handler, through TextClassifier.tokenize), named with the implementation that
// served it; and the Rust library's path, which served every text before issue 30: before and after in one run.
const tokenization = await timeTokenization(`TextTokenizer.encode (${tokenizer.implementation})`, (list) =>
  tokenizer.encode(list),
);
const tokenizationLibrary =
  tokenizer.implementation === 'hf-binding'
    ? undefined
    : await timeTokenization('TextTokenizer.encodeWithLibrary (hf-binding)', (list) =>
        tokenizer.encodeWithLibrary(list),
      );

const C = options.concurrency;
// Closed-loop phases go over the texts twice: one pass of 400 texts is 3-10 s, short enough for a scheduling hiccup
// on two shared cores to move a ratio by 10% (bench/NOTES.md).
const closedPasses = options.quick ? 1 : 2;
const closedUnary = {
  texts,
  tokenCounts,
  calls: texts.length * closedPasses,
  textsPerCall: 1,
  mode: 'unary',
  concurrency: C,
} as const;
const openAt = (rate: number): Omit<LoadSpec, 'address' | 'model'> => ({
  texts,
  tokenCounts,
  calls: Math.max(20, Math.round(rate * options.openLoopSeconds)),
  textsPerCall: 1,
  mode: 'unary',
  concurrency: C,
  ratePerSecond: rate,
});
const workerEnv = (dtype: 'fp32' | 'int8', extra: Record<string, string> = {}) => ({
  SIEVE_MODEL_DTYPE: dtype,
  SIEVE_SESSIONS: String(options.sessions),
  // Empty is unset: the worker sizes its pools as it would in production (the test cluster's default is 1 thread).
  SIEVE_INTRA_OP_THREADS: options.intraOpThreads ? String(options.intraOpThreads) : '',
  ...options.workerEnv,
  ...extra,
});

const cores = availableParallelism();
// The sessions and threads sieve's workers choose for a dtype (SIEVE_SESSIONS, SIEVE_INTRA_OP_THREADS), as they do:
// from the same inputs, the model's size included ("auto" stays within the memory bound).
const layoutFor = (dtype: 'fp32' | 'int8'): SessionLayout => {
  const modelBytes = modelGraphBytes(modelDir, dtype);
  return sessionLayoutOf(
    {
      sessions: options.sessions,
      provider: 'cpu',
      ...(options.intraOpThreads ? { intraOpThreads: options.intraOpThreads } : {}),
      ...(modelBytes !== undefined ? { modelBytes } : {}),
      wordEmbeddingBytes: wordEmbeddingTableBytes(modelDir, dtype),
    },
    dtype,
    cores,
  );
};
const dtypes: BenchReport['dtypes'] = {};
const predictions: Partial<Record<'fp32' | 'int8', string[]>> = {};
for (const dtype of options.dtypes) {
  const layout = layoutFor(dtype);
  // The inference sessions as sieve's workers configure them, for the in-process latency base.
  const workerSession = {
    ...layout,
    allowSpinning: (options.workerEnv.SIEVE_INTRA_OP_SPINNING ?? 'false') === 'true',
  };
  const d: DtypeReport = { modelFileMb: modelFileMb(modelDir, dtype), sieveLayout: layout };
  dtypes[dtype] = d;
  if (has('ceiling')) {
    log(`ceiling ${dtype}: ONNX Runtime in-process, sorted batches of ${options.batchSizes.join(', ')}`);
    const { predictions: labels, ...ceiling } = await runCeiling({
      modelDir,
      dtype,
      texts,
      batchSizes: options.batchSizes,
      latencyTexts: options.latencyTexts,
      workerSession,
      // One session with every core, and as many sessions of one thread as cores (SIEVE_SESSIONS): the ceiling is
      // the better of the two, so that sieve is held to what this machine can do either way.
      layouts: cores > 1 ? [1, cores] : [1],
      workDir,
    });
    predictions[dtype] = labels;
    d.ceiling = ceiling;
    log(
      `  best: ${ceiling.best.sessions} session(s), batch ${ceiling.best.batchSize}, ${ceiling.best.textsPerSecond} texts/s`,
    );
  }
  let naiveMax: number | undefined;
  if (has('naive')) {
    log(`naive ${dtype}: transformers.js pipeline per request behind a gRPC server`);
    const naive = await NaiveContender.start({ modelDir, dtype });
    try {
      const report: ContenderReport = { phases: [], peakRssMb: {} };
      await naive.measure('warm-up (not reported)', closedUnary);
      report.phases.push(await naive.measure('closed unary', closedUnary));
      naiveMax = report.phases[0]!.callsPerSecond;
      report.phases.push(await naive.measure('open 80% of naive max', openAt(0.8 * naiveMax)));
      report.peakRssMb = naive.peakRss();
      d.naive = report;
    } finally {
      await naive.stop();
    }
  }
  if (has('sieve')) {
    log(
      `sieve ${dtype}: gateway + worker (${layout.sessions} session(s) of ${layout.intraOpThreads} thread(s)) + Redis, ${C} callers`,
    );
    const sieve = await SieveContender.start({
      modelDir,
      build: options.services,
      workers: options.workers,
      workerEnv: workerEnv(dtype),
    });
    try {
      const report: ContenderReport = { phases: [], peakRssMb: {} };
      await sieve.measure('warm-up (not reported)', closedUnary);
      report.phases.push(await sieve.measure('closed unary', closedUnary));
      // The same load over HTTP/JSON (POST /v1/classify): what the JSON mapping and the local hop to gRPC cost.
      report.phases.push(await sieve.measure('closed unary, HTTP/JSON', { ...closedUnary, mode: 'http' }));
      report.phases.push(await sieve.measure('closed stream', { ...closedUnary, mode: 'stream' }));
      // How a high-volume client (a messaging pipeline's filter) sends: its texts in batches, here of 8 per call.
      report.phases.push(
        await sieve.measure('closed stream, 8 texts per call', {
          ...closedUnary,
          calls: Math.ceil(closedUnary.calls / 8),
          textsPerCall: 8,
          mode: 'stream',
        }),
      );
      const reference = d.ceiling?.best.textsPerSecond ?? report.phases[0]!.textsPerSecond;
      if (naiveMax !== undefined)
        report.phases.push(await sieve.measure('open 80% of naive max', openAt(0.8 * naiveMax)));
      for (const share of options.quick ? [0.5] : [0.25, 0.5, 0.75, 0.9])
        report.phases.push(await sieve.measure(`open ${share * 100}% of ceiling`, openAt(share * reference)));
      report.phases.push(
        await sieve.measure('open 50% of ceiling, HTTP/JSON', { ...openAt(0.5 * reference), mode: 'http' }),
      );
      report.phases.push(
        await sieve.measure('low load (1 caller)', {
          ...closedUnary,
          calls: options.latencyTexts,
          concurrency: 1,
        }),
      );
      report.peakRssMb = sieve.peakRss();
      d.sieve = report;
    } finally {
      await sieve.stop();
    }
    if (cores > 1) {
      // The other layout, for the saturation phases again: throughput mode (one one-thread session per core) where
      // the default is one session (fp32), one session with every core where the default is throughput mode
      // (int8). Sieve is held to the ceiling's better layout in whichever configuration does better, and the report
      // shows what the other choice of SIEVE_SESSIONS gives; the memory target stays judged on the default worker
      // above, this worker's peak is reported beside it.
      const pooledLayout = layout.sessions === 1;
      const label = pooledLayout ? `${cores} sessions of 1 thread` : `1 session of ${cores} threads`;
      const env = pooledLayout
        ? { SIEVE_SESSIONS: String(cores), SIEVE_INTRA_OP_THREADS: '1' }
        : { SIEVE_SESSIONS: '1', SIEVE_INTRA_OP_THREADS: String(cores) };
      log(`sieve ${dtype}, ${label} (SIEVE_SESSIONS=${env.SIEVE_SESSIONS}): saturation phases`);
      const other = await SieveContender.start({
        modelDir,
        build: options.services,
        workers: options.workers,
        workerEnv: workerEnv(dtype, env),
      });
      try {
        await other.measure('warm-up (not reported)', closedUnary);
        d.sieve.phases.push(
          await other.measure(`closed stream, ${label}`, { ...closedUnary, mode: 'stream' }),
          await other.measure(`closed stream, 8 texts per call, ${label}`, {
            ...closedUnary,
            calls: Math.ceil(closedUnary.calls / 8),
            textsPerCall: 8,
            mode: 'stream',
          }),
        );
        for (const [name, mb] of Object.entries(other.peakRss()))
          if (name.startsWith('worker')) d.sieve.peakRssMb[`${name} (${label})`] = mb;
      } finally {
        await other.stop();
      }
    }
  }
  if (d.ceiling && d.sieve) {
    // The machine may be busier now than when the ceiling ran: measure its best batch size again, and let the
    // report hold sieve to the higher of the two.
    const again = await runCeiling({
      modelDir,
      dtype,
      texts,
      batchSizes: [d.ceiling.best.batchSize],
      latencyTexts: 0,
      workerSession,
      layouts: [d.ceiling.best.sessions],
      workDir,
    });
    d.ceilingRecheck = {
      sessions: again.best.sessions,
      batchSize: again.best.batchSize,
      textsPerSecond: again.best.textsPerSecond,
    };
    log(`  ceiling ${dtype} again after sieve: ${again.best.textsPerSecond} texts/s`);
  }
}
const int8AgreementWithFp32 =
  predictions.fp32 && predictions.int8
    ? +(
        predictions.fp32.filter((label, i) => label === predictions.int8![i]).length / predictions.fp32.length
      ).toFixed(4)
    : undefined;

let fifo: ContenderReport | undefined;
if (has('fifo')) {
  const dtype = options.dtypes[0]!;
  log(`fifo ${dtype}: arrival-order batches of 8`);
  const sieve = await SieveContender.start({
    modelDir,
    build: options.services,
    workers: options.workers,
    workerEnv: workerEnv(dtype, { SIEVE_BATCH_ORDERING: 'fifo', SIEVE_MAX_BATCH_TEXTS: '8' }),
  });
  try {
    fifo = { phases: [await sieve.measure('closed unary', closedUnary)], peakRssMb: sieve.peakRss() };
  } finally {
    await sieve.stop();
  }
}

let fabric: BenchReport['fabric'];
if (has('fabric')) {
  log('fabric: the cluster with a no-op model (SIEVE_NOOP_INFERENCE=true)');
  // A model that computes nothing has no cache to keep batches small for: its batches are packed as in the stored
  // report (up to FABRIC_BATCH_TOKENS padded tokens), so that the fabric's cost per text is compared like for like.
  // What the same load costs with CPU_BATCHING's smaller batches is measured after, on a cluster of its own.
  const sieve = await SieveContender.start({
    modelDir,
    build: options.services,
    workers: options.workers,
    workerEnv: workerEnv('fp32', {
      SIEVE_NOOP_INFERENCE: 'true',
      SIEVE_MAX_BATCH_TOKENS: String(FABRIC_BATCH_TOKENS),
    }),
  });
  try {
    // Streams first, on a fresh gateway: the target is memory held by open streams, not what load left behind.
    const streamMemory = await runStreamMemory(sieve, options.streams, texts);
    const fast = { texts, tokenCounts, concurrency: 64 } as const;
    const phases = [
      await sieve.measure('stream, 8 texts per call', {
        ...fast,
        calls: options.fabricCalls,
        textsPerCall: 8,
        mode: 'stream',
        inFlightPerCaller: 4,
      }),
      await sieve.measure('unary, 1 text per call', {
        ...fast,
        calls: options.fabricCalls * 2,
        textsPerCall: 1,
        mode: 'unary',
        inFlightPerCaller: 2,
      }),
      await sieve.measure('stream, 1 text per call', {
        ...fast,
        calls: options.fabricCalls * 2,
        textsPerCall: 1,
        mode: 'stream',
        inFlightPerCaller: 4,
      }),
      await sieve.measure('low load (1 caller)', {
        ...closedUnary,
        calls: options.latencyTexts * 3,
        concurrency: 1,
      }),
    ];
    fabric = { phases, peakRssMb: sieve.peakRss(), streamMemory };
  } finally {
    await sieve.stop();
  }
  const cpuBatching = await SieveContender.start({
    modelDir,
    build: options.services,
    workers: options.workers,
    workerEnv: workerEnv('fp32', { SIEVE_NOOP_INFERENCE: 'true' }),
  });
  try {
    const eightPerCall = {
      texts,
      tokenCounts,
      concurrency: 64,
      calls: options.fabricCalls,
      textsPerCall: 8,
      mode: 'stream',
      inFlightPerCaller: 4,
    } as const;
    // A fresh cluster: warmed as the first one was by its streams, so that both rows measure steady state.
    await cpuBatching.measure('warm-up (not reported)', { ...eightPerCall, calls: options.fabricCalls / 4 });
    fabric.phases.push(await cpuBatching.measure(FABRIC_EIGHT_PER_CALL_CPU_BATCHING, eightPerCall));
  } finally {
    await cpuBatching.stop();
  }
}

let responseCache: BenchReport['responseCache'];
if (has('cache')) {
  const spam = readCorpus(SPAM_CORPUS).slice(0, options.spamTexts);
  log(`response cache: ${spam.length} texts of ${SPAM_CORPUS}, cache on vs a tenant that opted out`);
  responseCache = await runResponseCache({
    modelDir,
    texts: spam,
    tokenCounts: await countTokens(spam),
    corpus: SPAM_CORPUS,
    build: options.services,
    workerEnv: workerEnv(options.dtypes[0]!),
    concurrency: C,
  });
}

const partial = {
  machine,
  quick: options.quick,
  settings: {
    concurrency: C,
    workers: options.workers,
    services: options.services,
    SIEVE_INTRA_OP_THREADS: options.intraOpThreads ?? 'cores / sessions',
    SIEVE_SESSIONS: options.sessions,
    ...options.workerEnv,
    openLoopSeconds: options.openLoopSeconds,
    closedPasses,
  },
  corpus,
  dtypes,
  ...(int8AgreementWithFp32 !== undefined ? { int8AgreementWithFp32 } : {}),
  ...(fifo ? { fifo } : {}),
  ...(fabric ? { fabric } : {}),
  ...(responseCache ? { responseCache } : {}),
  tokenization,
  ...(tokenizationLibrary ? { tokenizationLibrary } : {}),
  ...(baseline ? { baseline } : {}),
};
const report: BenchReport = {
  ...partial,
  ...evaluateTargets(partial),
  issue30: issue30Targets(partial),
  durationSeconds: Math.round((performance.now() - started) / 1000),
  loadAverageAtEnd: loadavg().map((load) => +load.toFixed(2)),
};
mkdirSync(options.out, { recursive: true });
writeFileSync(join(options.out, 'bench.json'), JSON.stringify(report, null, 2) + '\n');
const svg = chartSvg(report);
writeFileSync(join(options.out, 'bench.svg'), svg);
const pngPath = join(options.out, 'bench.png');
const chart = renderChartPng(svg, pngPath) ? 'bench.png' : 'bench.svg';
// An earlier run's PNG beside this report would show other numbers than it.
if (chart === 'bench.svg') rmSync(pngPath, { force: true });
const markdown = markdownReport(report, chart);
writeFileSync(join(options.out, 'bench.md'), markdown);
rmSync(workDir, { recursive: true, force: true });
console.log(markdown);
log(
  `report written to ${options.out} (bench.json, bench.md, ${chart === 'bench.png' ? 'bench.png, ' : ''}bench.svg)`,
);
