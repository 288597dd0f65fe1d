import * as ort from 'onnxruntime-node';
import { cudaProviderInstalled, type ExecutionProviderName } from './execution-providers.ts';
import { ModelLoadError } from './model-load-error.ts';

export type GraphOptimizationLevel = 'disabled' | 'basic' | 'extended' | 'all';

export interface SessionOptions {
  /** In order of preference; CPU is always the last resort. Default: ['cpu']. */
  executionProviders?: ExecutionProviderName[];
  /** Threads inside one operator. Default: ONNX Runtime's (all cores). */
  intraOpThreads?: number;
  interOpThreads?: number;
  graphOptimizationLevel?: GraphOptimizationLevel;
  /** Receives the one line said when a wanted provider is missing and CPU is used instead. */
  onFallback?: (message: string) => void;
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
  private readonly session: ort.InferenceSession;

  private constructor(session: ort.InferenceSession, provider: ExecutionProviderName, outputName: string) {
    this.session = session;
    this.executionProvider = provider;
    this.inputNames = session.inputNames;
    this.outputName = outputName;
  }

  static async create(path: string, options: SessionOptions = {}): Promise<OnnxModelSession> {
    const wanted = options.executionProviders?.length ? options.executionProviders : (['cpu'] as const);
    let provider: ExecutionProviderName = 'cpu';
    if (wanted[0] === 'cuda') {
      if (cudaProviderInstalled()) provider = 'cuda';
      else
        options.onFallback?.(
          'CUDA execution provider requested but not installed in onnxruntime-node (install with ONNXRUNTIME_NODE_INSTALL=cuda12); using CPU',
        );
    }
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      executionProviders: provider === 'cuda' ? ['cuda', 'cpu'] : ['cpu'],
      graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
      ...(options.intraOpThreads ? { intraOpNumThreads: options.intraOpThreads } : {}),
      ...(options.interOpThreads ? { interOpNumThreads: options.interOpThreads } : {}),
    };
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(path, sessionOptions);
    } catch (error) {
      if (provider !== 'cuda')
        throw new ModelLoadError(path, `ONNX Runtime cannot load it: ${String(error)}`, { cause: error });
      // A CUDA library can be present but unusable (no driver, no device): serve on CPU rather than not at all.
      options.onFallback?.(`CUDA execution provider failed to start (${String(error)}); using CPU`);
      provider = 'cpu';
      session = await ort.InferenceSession.create(path, {
        ...sessionOptions,
        executionProviders: ['cpu'],
      }).catch((cpuError: unknown) => {
        throw new ModelLoadError(path, `ONNX Runtime cannot load it: ${String(cpuError)}`, {
          cause: cpuError,
        });
      });
    }
    for (const name of session.inputNames) {
      if (!['input_ids', 'attention_mask', 'token_type_ids'].includes(name)) {
        await session.release();
        throw new ModelLoadError(
          path,
          `graph input "${name}" is not one of input_ids, attention_mask, token_type_ids`,
        );
      }
    }
    const outputName = session.outputNames.includes('logits') ? 'logits' : session.outputNames[0];
    if (!outputName) throw new ModelLoadError(path, 'graph has no outputs');
    return new OnnxModelSession(session, provider, outputName);
  }

  /** Runs one padded batch; returns logits row-major [batchSize, numLabels]. */
  async run(batch: PaddedBatch): Promise<{ logits: Float32Array; numLabels: number }> {
    const dims = [batch.batchSize, batch.sequenceLength];
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of this.inputNames) {
      if (name === 'input_ids') feeds[name] = new ort.Tensor('int64', batch.inputIds, dims);
      else if (name === 'attention_mask') feeds[name] = new ort.Tensor('int64', batch.attentionMask, dims);
      else feeds[name] = new ort.Tensor('int64', new BigInt64Array(batch.inputIds.length), dims);
    }
    const output = (await this.session.run(feeds, [this.outputName]))[this.outputName];
    if (!output || output.type !== 'float32' || output.dims.length !== 2) {
      throw new Error(`model output "${this.outputName}" is not a float32 [batch, labels] tensor`);
    }
    return { logits: output.data as Float32Array, numLabels: Number(output.dims[1]) };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
