import { parseArgs } from 'node:util';

export const CONTENDERS = ['ceiling', 'naive', 'sieve', 'fifo', 'fabric', 'cache'] as const;
export type ContenderName = (typeof CONTENDERS)[number];

export interface BenchOptions {
  quick: boolean;
  /** Texts of the realistic corpus, spread over its languages. */
  texts: number;
  dtypes: Array<'fp32' | 'int8'>;
  contenders: Set<ContenderName>;
  modelDir?: string;
  /** ONNX Runtime threads in sieve's workers, per session (SIEVE_INTRA_OP_THREADS); unset: the worker's default. */
  intraOpThreads?: number;
  /** Sessions per worker computing batches at once (SIEVE_SESSIONS). */
  sessions: number | 'auto';
  workers: number;
  /** How sieve's services run: compiled (dist/, plain Node, as the images run them) or from the sources via tsx. */
  services: 'compiled' | 'sources';
  /** Extra environment for sieve's workers (A/B of worker settings). */
  workerEnv: Record<string, string>;
  /** Concurrent callers of the saturation and comparison runs. */
  concurrency: number;
  batchSizes: number[];
  /** Seconds each open-loop rate is offered for. */
  openLoopSeconds: number;
  /** Single-text calls at low load (one caller) for the added-latency comparison. */
  latencyTexts: number;
  fabricCalls: number;
  spamTexts: number;
  streams: number;
  out: string;
  /** The stored report issue 30's targets compare with (read before `out` is overwritten). */
  baseline: string;
  /** Texts and CPU milliseconds, at least, per row of the tokenization table. */
  tokenizationTexts: number;
  tokenizationCpuMs: number;
}

export const USAGE = `Usage: pnpm bench [--quick] [options]

One run, side by side: the in-process ceiling, sieve (gateway + worker + Redis), a naive transformers.js gRPC server,
sieve with arrival-order batches (fifo), sieve with a no-op model (fabric), and the response cache on the SMS corpus.
Writes bench/results/bench.{json,md,png}.

  --quick                    a smoke run (few texts, short phases): checks that everything runs, numbers are rough
  --texts N                  realistic-corpus texts (default 400, quick 48)
  --dtypes fp32,int8         model variants (default both)
  --only a,b                 contenders: ${CONTENDERS.join(', ')} (default all)
  --model-dir DIR            model directory (default: synthesized distilbert-multilingual in .cache/bench/)
  --sessions N|auto          SIEVE_SESSIONS of sieve's workers (default auto: int8 one session per core, fp32 one)
  --intra-op-threads N       SIEVE_INTRA_OP_THREADS of sieve's workers (default: the worker's, cores / sessions)
  --workers N                sieve worker processes (default 1)
  --services compiled|sources  sieve's services from dist/ with plain Node as images run them (default; built
                             first with scripts/build-dist.mjs) or from the TypeScript sources through tsx
  --worker-env K=V,K=V       extra environment for sieve's workers, e.g. SIEVE_MAX_PADDING_RATIO=1.1
  --concurrency C            concurrent callers (default 32)
  --out DIR                  report directory (default bench/results)
  --baseline FILE            stored report that issue 30's targets compare with (default bench/results/bench.json;
                             its own "baseline" when it carries one, so reruns compare with the same start)
`;

export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      texts: { type: 'string' },
      dtypes: { type: 'string', default: 'fp32,int8' },
      only: { type: 'string', default: CONTENDERS.join(',') },
      'model-dir': { type: 'string' },
      'intra-op-threads': { type: 'string' },
      sessions: { type: 'string', default: 'auto' },
      workers: { type: 'string', default: '1' },
      services: { type: 'string', default: 'compiled' },
      'worker-env': { type: 'string', default: '' },
      concurrency: { type: 'string', default: '32' },
      out: { type: 'string' },
      baseline: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const positive = (name: string, value: string | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a positive integer, got "${value}"`);
    return n;
  };
  const dtypes = values.dtypes.split(',').map((dtype) => {
    if (dtype !== 'fp32' && dtype !== 'int8') throw new Error(`--dtypes: "${dtype}" is not fp32 or int8`);
    return dtype;
  });
  const contenders = new Set(
    values.only.split(',').map((name) => {
      if (!(CONTENDERS as readonly string[]).includes(name))
        throw new Error(`--only: "${name}" is not one of ${CONTENDERS.join(', ')}`);
      return name as ContenderName;
    }),
  );
  const quick = values.quick;
  if (values.services !== 'compiled' && values.services !== 'sources')
    throw new Error(`--services: "${values.services}" is not compiled or sources`);
  return {
    quick,
    texts: positive('texts', values.texts, quick ? 48 : 400),
    dtypes,
    contenders,
    ...(values['model-dir'] ? { modelDir: values['model-dir'] } : {}),
    sessions: values.sessions === 'auto' ? 'auto' : positive('sessions', values.sessions, 1),
    ...(values['intra-op-threads']
      ? { intraOpThreads: positive('intra-op-threads', values['intra-op-threads'], 1) }
      : {}),
    workers: positive('workers', values.workers, 1),
    services: values.services,
    workerEnv: Object.fromEntries(
      values['worker-env']
        .split(',')
        .filter(Boolean)
        .map((pair) => {
          const at = pair.indexOf('=');
          if (at < 1) throw new Error(`--worker-env: "${pair}" is not KEY=VALUE`);
          return [pair.slice(0, at), pair.slice(at + 1)];
        }),
    ),
    concurrency: positive('concurrency', values.concurrency, 32),
    batchSizes: quick ? [1, 4, 8] : [1, 2, 4, 8, 16],
    openLoopSeconds: quick ? 4 : 12,
    latencyTexts: quick ? 20 : 100,
    fabricCalls: quick ? 2_000 : 10_000,
    spamTexts: quick ? 300 : 5_574,
    streams: 1_000,
    out: values.out ?? new URL('./results/', import.meta.url).pathname,
    baseline: values.baseline ?? new URL('./results/bench.json', import.meta.url).pathname,
    tokenizationTexts: quick ? 400 : 4_000,
    tokenizationCpuMs: quick ? 100 : 500,
  };
}
