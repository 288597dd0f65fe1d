import * as ort from 'onnxruntime-node';
import {
  cudaProviderInstalled,
  webgpuUnavailableReason,
  type ExecutionProviderName,
} from './execution-providers.ts';
import type { FeatureSupport } from './feature-output.ts';
import { collectGarbage } from './garbage-collection.ts';
import { float32Data } from './float16-output.ts';
import { ModelLoadError } from './model-load-error.ts';
import { prepareSessionGraph, type SessionGraph } from './session-graph.ts';
import { describeWordEmbeddings } from './word-embedding-cut.ts';
import { WordEmbeddingRows } from './word-embedding-rows.ts';

export type GraphOptimizationLevel = 'disabled' | 'basic' | 'extended' | 'all';

export interface SessionOptions {
  /** In order of preference; CPU is always the last resort. Default: ['cpu']. */
  executionProviders?: ExecutionProviderName[];
  /** Threads inside one operator. Default: ONNX Runtime's (all cores). */
  intraOpThreads?: number;
  interOpThreads?: number;
  /** Whether ONNX Runtime's idle intra-op threads spin-wait for work (its default) instead of sleeping. Spinning
   * shaves microseconds off each operator but burns cores that a gateway or Redis on the same machine needs. */
  allowSpinning?: boolean;
  graphOptimizationLevel?: GraphOptimizationLevel;
  /** Receives the one line said when a wanted provider is missing and CPU is used instead. */
  onFallback?: (message: string) => void;
  /** Also expose the pooled features (the input of the classification head) as an output `run` can fetch. */
  features?: boolean;
  /**
   * Whether ONNX Runtime copies weights into layouts its kernels prefer at load (its default). Off, the weights are
   * read where they are, in the mapped model file: no copy in memory, at a cost per run that depends on the kernels
   * (fp32 matrix products repack their weights on every run; int8 ones measured no slower).
   */
  prepacking?: boolean;
  /**
   * On CPU, read the word embedding table from the model file per batch instead of inside the graph (default: on;
   * see cutWordEmbeddings). Off, every session maps the table itself.
   */
  wordEmbeddingsOutside?: boolean;
}

/** What one run returns: logits row-major [batchSize, numLabels], and the features when they were asked for. */
export interface SessionOutput {
  logits: Float32Array;
  numLabels: number;
  /** Row-major [batchSize, featureDim]. */
  features?: Float32Array;
  featureDim?: number;
  /**
   * When the graph started and finished computing this batch, in fractional milliseconds since the epoch
   * (performance.timeOrigin + performance.now()), so that times taken on an inference thread compare with the
   * caller's: the wait for the session and the compute are told apart.
   */
  startedAt: number;
  endedAt: number;
  /** Computed by the express session of an ExpressLaneSession (beside the main session's batch in progress). */
  express?: boolean;
}

export interface RunOptions {
  /** Fetch the pooled features too (when the graph has them). */
  features?: boolean;
  /**
   * Run ahead of the batches already waiting for the session (a light tenant's batch behind a flooding tenant's
   * queued one). Only a session on a thread of its own has a wait to jump; in-process runs go as they are called.
   */
  urgent?: boolean;
}

/** A padded batch ready for the graph: row-major [batchSize, sequenceLength]. */
export interface PaddedBatch {
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  batchSize: number;
  sequenceLength: number;
}

/** One ONNX Runtime session and the inputs its graph declares (DistilBERT: no token_type_ids; BERT: with). */
export class OnnxModelSession {
  readonly executionProvider: ExecutionProviderName;
  readonly inputNames: readonly string[];
  readonly outputName: string;
  readonly features: FeatureSupport;
  /** Where the word embeddings are looked up, for the "model loaded" line. */
  readonly wordEmbeddings: string;
  private readonly session: ort.InferenceSession;
  private readonly rows: WordEmbeddingRows | undefined;

  private constructor(
    session: ort.InferenceSession,
    provider: ExecutionProviderName,
    outputName: string,
    features: FeatureSupport,
    rows: WordEmbeddingRows | undefined,
    wordEmbeddings: string,
  ) {
    this.session = session;
    this.executionProvider = provider;
    this.inputNames = session.inputNames;
    this.outputName = outputName;
    this.features = features;
    this.rows = rows;
    this.wordEmbeddings = wordEmbeddings;
  }

  /** `prepared`: the graph from prepareGraph, when the caller made it once for several sessions. */
  static async create(
    path: string,
    options: SessionOptions = {},
    prepared?: SessionGraph,
  ): Promise<OnnxModelSession> {
    const wanted = options.executionProviders?.length ? options.executionProviders : (['cpu'] as const);
    let provider: ExecutionProviderName = 'cpu';
    // WebGPU has nothing to look for before trying: whether an adapter exists is Dawn's answer at session creation.
    if (wanted[0] === 'webgpu') provider = 'webgpu';
    if (wanted[0] === 'cuda') {
      if (cudaProviderInstalled()) provider = 'cuda';
      else
        options.onFallback?.(
          'CUDA execution provider requested but not installed in onnxruntime-node (install with ONNXRUNTIME_NODE_INSTALL=cuda12); using CPU',
        );
    }
    // A graph prepared once for several CPU sessions (see TextClassifier) is only one a CPU session can use.
    const graph =
      prepared && provider === 'cpu'
        ? prepared
        : await prepareGraph(path, {
            features: options.features ?? false,
            cutWordEmbeddings: provider === 'cpu' && options.wordEmbeddingsOutside !== false,
          });
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      // CPU after the GPU provider: ONNX Runtime places there the nodes the GPU provider has no kernel for (shape
      // arithmetic, int64 index math). Outputs come back in CPU memory: preferredOutputLocation 'gpu-buffer' would
      // only defer the copy (logits and features are read at once), and in onnxruntime-node 1.30 reading such an
      // output aborted the process on SwiftShader; inputs cannot be GPU buffers without a GPUDevice, which Node lacks.
      executionProviders: provider === 'cpu' ? ['cpu'] : [provider, 'cpu'],
      graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
      ...(options.intraOpThreads ? { intraOpNumThreads: options.intraOpThreads } : {}),
      ...(options.interOpThreads ? { interOpNumThreads: options.interOpThreads } : {}),
      extra: {
        session: {
          // The graph comes as bytes; its weights stay in the model's files (see prepareSessionGraph).
          model_external_initializers_file_folder_path: graph.externalDataFolder,
          ...(options.prepacking === false ? { disable_prepacking: '1' } : {}),
          ...(options.allowSpinning === false
            ? { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } }
            : {}),
        },
      },
    };
    const features = graph.support;
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(graph.bytes, sessionOptions);
    } catch (error) {
      if (provider === 'cpu')
        throw new ModelLoadError(path, `ONNX Runtime cannot load it: ${String(error)}`, { cause: error });
      // A CUDA library can be present but unusable (no driver, no device), a machine can have no Vulkan driver:
      // serve on CPU rather than not at all.
      options.onFallback?.(
        provider === 'cuda'
          ? `CUDA execution provider failed to start (${String(error)}); using CPU`
          : `${webgpuUnavailableReason(errorMessage(error))}: running on cpu`,
      );
      provider = 'cpu';
      session = await ort.InferenceSession.create(graph.bytes, {
        ...sessionOptions,
        executionProviders: ['cpu'],
      }).catch((cpuError: unknown) => {
        throw new ModelLoadError(path, `ONNX Runtime cannot load it: ${String(cpuError)}`, {
          cause: cpuError,
        });
      });
    }
    // Only a graph created as cut takes the rows (a GPU provider that fell back to CPU loaded the whole graph).
    const table =
      graph.wordEmbeddings && 'table' in graph.wordEmbeddings ? graph.wordEmbeddings.table : undefined;
    const wordEmbeddings = describeWordEmbeddings(graph.wordEmbeddings);
    for (const name of session.inputNames) {
      if (name !== table?.inputName && !['input_ids', 'attention_mask', 'token_type_ids'].includes(name)) {
        await session.release();
        throw new ModelLoadError(
          path,
          `graph input "${name}" is not one of input_ids, attention_mask, token_type_ids`,
        );
      }
    }
    const outputName = session.outputNames.includes('logits') ? 'logits' : session.outputNames[0];
    if (!outputName) throw new ModelLoadError(path, 'graph has no outputs');
    let rows: WordEmbeddingRows | undefined;
    try {
      rows = table && new WordEmbeddingRows(table);
    } catch (error) {
      await session.release();
      throw new ModelLoadError(path, `cannot read its word embedding table: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    return new OnnxModelSession(session, provider, outputName, features, rows, wordEmbeddings);
  }

  /** Runs one padded batch; fetches the features too only when asked (and available). */
  async run(batch: PaddedBatch, options: RunOptions = {}): Promise<SessionOutput> {
    const dims = [batch.batchSize, batch.sequenceLength];
    const feeds: Record<string, ort.Tensor> = {};
    let embedded: Float32Array | undefined;
    for (const name of this.inputNames) {
      if (name === 'input_ids') feeds[name] = new ort.Tensor('int64', batch.inputIds, dims);
      else if (name === 'attention_mask') feeds[name] = new ort.Tensor('int64', batch.attentionMask, dims);
      else if (name === this.rows?.table.inputName) {
        embedded = this.rows.gather(batch.inputIds);
        feeds[name] = new ort.Tensor('float32', embedded, [...dims, this.rows.table.width]);
      } else feeds[name] = new ort.Tensor('int64', new BigInt64Array(batch.inputIds.length), dims);
    }
    const featureName = options.features && this.features.available ? this.features.outputName : undefined;
    const startedAt = epochNow();
    const outputs = await this.session
      .run(feeds, featureName ? [this.outputName, featureName] : [this.outputName])
      .finally(() => embedded && this.rows?.recycle(embedded));
    const endedAt = epochNow();
    const output = outputs[this.outputName];
    // A float16 graph's logits arrive as float16 and are widened here, once per batch.
    const logits = output && float32Data(output);
    if (!output || !logits || output.dims.length !== 2) {
      throw new Error(`model output "${this.outputName}" is not a float32 or float16 [batch, labels] tensor`);
    }
    const result: SessionOutput = {
      logits,
      numLabels: Number(output.dims[1]),
      startedAt,
      endedAt,
    };
    if (featureName) {
      const features = outputs[featureName];
      const featureData = features && float32Data(features);
      if (!features || !featureData || features.dims.length !== 2) {
        throw new Error(`features "${featureName}" are not a float32 or float16 [batch, dim] tensor`);
      }
      result.features = featureData;
      result.featureDim = Number(features.dims[1]);
    }
    return result;
  }

  async release(): Promise<void> {
    this.rows?.close();
    await this.session.release();
  }
}

/**
 * The graph a session is created from (see prepareSessionGraph), as a load error naming the file when it cannot be.
 * The decoded graph file (for a single-file int8 model, all its 130 MB) is garbage once this returns; collected
 * before ONNX Runtime loads the model, it never coexists with a session (see collectGarbage).
 */
export async function prepareGraph(
  path: string,
  options: Parameters<typeof prepareSessionGraph>[1],
): Promise<SessionGraph> {
  const graph = await prepareSessionGraph(path, options).catch((error: unknown) => {
    throw new ModelLoadError(path, errorMessage(error), { cause: error });
  });
  collectGarbage();
  return graph;
}

/** Fractional milliseconds since the epoch, on a clock every thread of the process shares. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
