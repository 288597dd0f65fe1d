import { readFileSync } from 'node:fs';
import { digestModelFiles } from './model-digest.ts';
import { locateModelFiles, type ModelDtype, type ModelFiles } from './model-directory.ts';
import { readModelConfig, type ModelConfig } from './model-config.ts';
import { ModelLoadError } from './model-load-error.ts';
import {
  OnnxModelSession,
  prepareGraph,
  type RunOptions,
  type SessionOptions,
  type SessionOutput,
} from './onnx-model-session.ts';
import { ThreadedOnnxSession } from './threaded-onnx-session.ts';
import { ExpressLaneSession, type ExpressLoadOutcome } from './express-lane-session.ts';
import { NoopInferenceSession } from './noop-inference-session.ts';
import { SessionPool } from './session-pool.ts';
import { padBatch } from './padded-batch.ts';
import { scoreLogits, type LabelScore, type ScoreOptions } from './label-scores.ts';
import {
  TextTokenizer,
  TextTooLongError,
  type TokenizedText,
  type TruncationMode,
} from './text-tokenizer.ts';
import type { ExecutionProviderName } from './execution-providers.ts';
import type { SessionGraph } from './session-graph.ts';
import { describeWordEmbeddings } from './word-embedding-cut.ts';

/** Only what the session understands (options such as dtype and thread stay here, and functions cannot cross threads). */
function sessionOptionsOf(options: LoadOptions): SessionOptions {
  const { executionProviders, intraOpThreads, interOpThreads, graphOptimizationLevel, onFallback, features } =
    options;
  const { allowSpinning } = options;
  return {
    ...(features ? { features } : {}),
    ...(executionProviders ? { executionProviders } : {}),
    ...(intraOpThreads ? { intraOpThreads } : {}),
    ...(interOpThreads ? { interOpThreads } : {}),
    ...(allowSpinning !== undefined ? { allowSpinning } : {}),
    ...(graphOptimizationLevel ? { graphOptimizationLevel } : {}),
    ...(onFallback ? { onFallback } : {}),
    ...(options.prepacking !== undefined ? { prepacking: options.prepacking } : {}),
    ...(options.wordEmbeddingsOutside !== undefined
      ? { wordEmbeddingsOutside: options.wordEmbeddingsOutside }
      : {}),
  };
}

type ClassifierSession =
  | OnnxModelSession
  | ThreadedOnnxSession
  | SessionPool
  | ExpressLaneSession
  | NoopInferenceSession;

/** The serving sessions: one on a thread of its own, and with `expressLane` on CPU, a second for urgent batches. */
async function threadedSession(
  path: string,
  dtype: ModelDtype,
  options: LoadOptions,
  graph: SessionGraph | undefined,
): Promise<ThreadedOnnxSession | SessionPool | ExpressLaneSession> {
  const main = await mainSessions(path, options, graph);
  if (!options.expressLane || main.executionProvider !== 'cpu') return main;
  // CPU only, so it has no provider to fall back from: the main session said what there was to say.
  const { onFallback: _said, ...cpuOptions } = sessionOptionsOf(options);
  const load = () =>
    ThreadedOnnxSession.create(
      path,
      {
        ...cpuOptions,
        executionProviders: ['cpu'],
        // One small batch at a time, beside the main session's threads rather than in their way.
        intraOpThreads: 1,
        // Without their copy in ONNX Runtime's layout, fp32 matrix products repack their weights on every run (one
        // text ~1.6x slower on the full-size model; a light tenant's flooded/alone p99 1.8-2.2x instead of 1.2-1.4x
        // in test/serving/fair-share.test.ts); int8 ones measured no slower, and the copy is memory saved.
        prepacking: options.prepacking ?? dtype === 'fp32',
      },
      graph,
    );
  if (!options.preloadExpressLane)
    return new ExpressLaneSession(main, {
      load,
      ...(options.onExpressLoad ? { onLoad: options.onExpressLoad } : {}),
    });
  const express = await load().catch(async (error: unknown) => {
    await main.release();
    throw error;
  });
  return new ExpressLaneSession(main, express);
}

/** One session, or with `sessions` > 1 a pool of them (see SessionPool); a failed load releases what it made. */
async function mainSessions(
  path: string,
  options: LoadOptions,
  graph: SessionGraph | undefined,
): Promise<ThreadedOnnxSession | SessionPool> {
  const count = options.sessions ?? 1;
  const first = await ThreadedOnnxSession.create(path, sessionOptionsOf(options), graph);
  if (count <= 1) return first;
  // The first session said what there was to say about a missing provider.
  const { onFallback: _said, ...rest } = sessionOptionsOf(options);
  const others = await Promise.allSettled(
    Array.from({ length: count - 1 }, () =>
      ThreadedOnnxSession.create(path, { ...rest, executionProviders: [first.executionProvider] }, graph),
    ),
  );
  const loaded = [
    first,
    ...others.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])),
  ];
  const failed = others.find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.all(loaded.map((session) => session.release()));
    throw failed.reason;
  }
  return new SessionPool(loaded);
}

export interface LoadOptions extends SessionOptions {
  dtype?: ModelDtype;
  /** Run ONNX Runtime on a thread of its own so that inference never blocks this thread's event loop (serving). */
  thread?: boolean;
  /**
   * With `thread`: this many sessions of the model, each on a thread of its own, compute batches at once from one
   * queue (see SessionPool). Each holds its own copy of the weights in ONNX Runtime's layout. Default 1.
   */
  sessions?: number;
  /**
   * With `thread`, on CPU: a second session on a thread of its own computes urgent batches beside the batch in
   * progress (see ExpressLaneSession). Ignored where the model runs on CUDA.
   */
  expressLane?: boolean;
  /**
   * Load the express session with the model instead of on the first urgent batch (tenants contending): its memory is
   * then in use from the start (predictable), and the first contention finds it ready.
   */
  preloadExpressLane?: boolean;
  /** Told once whether loading the express session on demand worked (and how long it took), e.g. to log it. */
  onExpressLoad?: (outcome: ExpressLoadOutcome) => void;
  /** Benchmark only: skip ONNX Runtime and answer fixed logits (see NoopInferenceSession). */
  noopInference?: boolean;
}

export interface ModelInfo {
  dir: string;
  files: ModelFiles;
  labels: readonly string[];
  maxLength: number;
  dtype: ModelDtype;
  /** "sha256:<hex>" over config, tokenizer and graph. */
  digest: string;
  executionProvider: ExecutionProviderName;
  inputNames: readonly string[];
  /** Where the word embeddings are looked up (see cutWordEmbeddings), as the "model loaded" line says it. */
  wordEmbeddings: string;
  /** Whether `predictWithFeatures` works (loaded with `features: true` and a recognised classification layer). */
  features: ModelFeatures;
  /** Whether urgent batches have a session of their own (LoadOptions.expressLane, on CPU). */
  expressLane: boolean;
  /** Sessions that compute batches at once, the express session not counted (LoadOptions.sessions). */
  sessions: number;
  /** Random weights from `sieve models synth` (config.json's `sieve_synthetic`): its answers mean nothing. */
  synthetic: boolean;
}

/** One padded batch's output, a row per text, and when the graph computed it (this thread's performance.now()). */
export interface BatchOutput {
  logits: Float32Array[];
  /** The pooled features, when they were asked for. */
  features?: Float32Array[];
  startedAt: number;
  endedAt: number;
  /** Computed by the express session, beside the batch in progress (LoadOptions.expressLane). */
  express: boolean;
}

/** The pooled features a head is trained on: their width, or why this model cannot give them. */
export type ModelFeatures = { available: true; dim: number } | { available: false; reason: string };

/** Thrown by `predictWithFeatures` on a model that cannot give features; says why. */
export class FeaturesUnavailableError extends Error {
  constructor(dir: string, reason: string) {
    super(`${dir}: pooled features are unavailable: ${reason}`);
    this.name = 'FeaturesUnavailableError';
  }
}

export interface ClassifyTextOptions extends ScoreOptions {
  truncation?: TruncationMode;
}

export interface TextResult {
  labels: LabelScore[];
  tokenCount: number;
  truncated: boolean;
}

/**
 * A classification model ready to serve: tokenizer, ONNX Runtime session and labels. Serving code calls
 * `tokenize` and `predict` separately so that it can decide which texts share a padded batch; `classify` is
 * the whole path for one caller (the CLI, tests, the benchmark ceiling).
 */
export class TextClassifier {
  readonly info: ModelInfo;
  readonly tokenizer: TextTokenizer;
  private readonly session: ClassifierSession;
  private readonly config: ModelConfig;

  private constructor(
    info: ModelInfo,
    tokenizer: TextTokenizer,
    session: ClassifierSession,
    config: ModelConfig,
  ) {
    this.info = info;
    this.tokenizer = tokenizer;
    this.session = session;
    this.config = config;
  }

  static async load(dir: string, options: LoadOptions = {}): Promise<TextClassifier> {
    const dtype = options.dtype ?? 'fp32';
    const files = locateModelFiles(dir, dtype);
    const config = readModelConfig(files.config);
    const tokenizer = TextTokenizer.fromJson(
      files.tokenizer,
      readFileSync(files.tokenizer, 'utf8'),
      config.maxLength,
    );
    // Threaded CPU sessions share one graph, prepared here: each thread preparing its own would hold the model file
    // (130 MB for int8) beside the sessions already loaded, the worker's peak.
    const graph =
      options.thread && !options.noopInference && (options.executionProviders?.[0] ?? 'cpu') === 'cpu'
        ? await prepareGraph(files.onnx, {
            features: options.features ?? false,
            cutWordEmbeddings: options.wordEmbeddingsOutside !== false,
          })
        : undefined;
    const session = options.noopInference
      ? new NoopInferenceSession(config.labels.length)
      : options.thread
        ? await threadedSession(files.onnx, dtype, options, graph)
        : await OnnxModelSession.create(files.onnx, sessionOptionsOf(options));
    const support =
      session instanceof NoopInferenceSession
        ? { available: false as const, reason: 'benchmark mode computes no features' }
        : session.features;
    const probe: SessionOutput = await session
      .run(padBatch([Int32Array.of(0)], tokenizer.padId), { features: support.available })
      .catch(async (error: unknown) => {
        await session.release();
        throw new ModelLoadError(files.onnx, `the graph fails on a one-token input: ${String(error)}`, {
          cause: error,
        });
      });
    if (probe.numLabels !== config.labels.length) {
      await session.release();
      throw new ModelLoadError(
        files.config,
        `id2label has ${config.labels.length} labels but ${files.onnx} outputs ${probe.numLabels} logits`,
      );
    }
    const info: ModelInfo = {
      dir,
      files,
      labels: config.labels,
      maxLength: config.maxLength,
      dtype,
      digest: await digestModelFiles(files),
      executionProvider: session.executionProvider,
      inputNames: session.inputNames,
      wordEmbeddings: options.noopInference
        ? 'none: no-op inference'
        : session instanceof OnnxModelSession
          ? session.wordEmbeddings
          : session.executionProvider === 'cpu'
            ? describeWordEmbeddings(graph?.wordEmbeddings)
            : 'in the graph',
      features:
        support.available && probe.featureDim
          ? { available: true, dim: probe.featureDim }
          : {
              available: false,
              reason: support.available ? 'the graph returned no features' : support.reason,
            },
      expressLane: session instanceof ExpressLaneSession,
      sessions: options.thread && !options.noopInference ? Math.max(1, options.sessions ?? 1) : 1,
      synthetic: config.synthetic,
    };
    return new TextClassifier(info, tokenizer, session, config);
  }

  tokenize(
    texts: readonly string[],
    truncation: TruncationMode = 'right',
  ): Promise<Array<TokenizedText | TextTooLongError>> {
    return this.tokenizer.encode(texts, truncation);
  }

  /** Logits for already tokenized texts, one row per text, padded together to the longest. */
  async predict(
    rows: readonly Int32Array[],
    options: Pick<RunOptions, 'urgent'> = {},
  ): Promise<Float32Array[]> {
    return (await this.runBatch(rows, options)).logits;
  }

  /**
   * Logits and the pooled features (the input of the model's classification head) of one padded batch: one pass
   * serves the model's own labels and any head trained on these features.
   */
  async predictWithFeatures(
    rows: readonly Int32Array[],
    options: Pick<RunOptions, 'urgent'> = {},
  ): Promise<{ logits: Float32Array[]; features: Float32Array[] }> {
    const { logits, features } = await this.runBatch(rows, { ...options, features: true });
    return { logits, features: features! };
  }

  /**
   * One padded batch of already tokenized texts, with when it computed: what a serving loop needs to tell the wait
   * for the session from the compute. With `features`, also the pooled features (or FeaturesUnavailableError).
   */
  async runBatch(rows: readonly Int32Array[], options: RunOptions = {}): Promise<BatchOutput> {
    if (options.features && !this.info.features.available)
      throw new FeaturesUnavailableError(this.info.dir, this.info.features.reason);
    if (rows.length === 0) {
      const now = performance.now();
      const features = options.features ? { features: [] } : {};
      return { logits: [], ...features, startedAt: now, endedAt: now, express: false };
    }
    const output: SessionOutput = await this.session.run(padBatch(rows, this.tokenizer.padId), options);
    const { logits, numLabels, features, featureDim } = output;
    if (options.features && (!features || !featureDim))
      throw new FeaturesUnavailableError(this.info.dir, 'the graph returned none');
    return {
      logits: rows.map((_, r) => logits.slice(r * numLabels, (r + 1) * numLabels)),
      ...(options.features
        ? { features: rows.map((_, r) => features!.slice(r * featureDim!, (r + 1) * featureDim!)) }
        : {}),
      startedAt: output.startedAt - performance.timeOrigin,
      endedAt: output.endedAt - performance.timeOrigin,
      express: output.express === true,
    };
  }

  score(logits: ArrayLike<number>, options: ScoreOptions = {}): LabelScore[] {
    return scoreLogits(logits, this.config.labels, options);
  }

  /** Tokenize, run in batches of `batchSize` texts sorted by length (least padding), score. */
  async classify(
    texts: readonly string[],
    options: ClassifyTextOptions & { batchSize?: number } = {},
  ): Promise<TextResult[]> {
    const tokenized = await this.tokenize(texts, options.truncation ?? 'right');
    const tooLong = tokenized.find((entry) => entry instanceof TextTooLongError);
    if (tooLong) throw tooLong;
    const rows = tokenized as TokenizedText[];
    const order = rows.map((_, i) => i).sort((a, b) => rows[a]!.ids.length - rows[b]!.ids.length);
    const batchSize = Math.max(1, options.batchSize ?? 8);
    const results = new Array<TextResult>(rows.length);
    for (let start = 0; start < order.length; start += batchSize) {
      const slice = order.slice(start, start + batchSize);
      const logits = await this.predict(slice.map((i) => rows[i]!.ids));
      slice.forEach((i, k) => {
        results[i] = {
          labels: this.score(logits[k]!, options),
          tokenCount: rows[i]!.ids.length,
          truncated: rows[i]!.truncated,
        };
      });
    }
    return results;
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
