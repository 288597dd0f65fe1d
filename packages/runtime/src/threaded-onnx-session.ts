import { Worker } from 'node:worker_threads';
import type { ExecutionProviderName } from './execution-providers.ts';
import type { FeatureSupport } from './feature-output.ts';
import { ModelLoadError } from './model-load-error.ts';
import type { PaddedBatch, RunOptions, SessionOptions, SessionOutput } from './onnx-model-session.ts';
import type { SessionGraph } from './session-graph.ts';

type FromThread =
  | {
      type: 'ready';
      inputNames: string[];
      outputName: string;
      executionProvider: ExecutionProviderName;
      features: FeatureSupport;
    }
  | { type: 'failed'; file: string; message: string }
  | { type: 'fallback'; message: string }
  | { type: 'result'; id: number; output?: SessionOutput; error?: string };

/**
 * An ONNX Runtime session on a thread of its own. onnxruntime-node's `run` occupies the calling thread for the whole
 * batch, so on the main thread it would stall everything else a worker does meanwhile: taking jobs from Redis,
 * dispatching tokenization, answering callers. Same interface as OnnxModelSession; batches cross by transfer.
 */
export class ThreadedOnnxSession {
  readonly executionProvider: ExecutionProviderName;
  readonly inputNames: readonly string[];
  readonly outputName: string;
  readonly features: FeatureSupport;
  private readonly thread: Worker;
  private readonly pending = new Map<
    number,
    { resolve: (r: SessionOutput) => void; reject: (e: Error) => void }
  >();
  private nextId = 0;
  /** Why the thread can take no more batches (it failed or exited); later runs are refused with it at once. */
  private failure: Error | undefined;

  private constructor(thread: Worker, ready: Extract<FromThread, { type: 'ready' }>) {
    this.thread = thread;
    this.inputNames = ready.inputNames;
    this.outputName = ready.outputName;
    this.executionProvider = ready.executionProvider;
    this.features = ready.features;
    thread.on('message', (message: FromThread) => {
      if (message.type !== 'result') return;
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error !== undefined || !message.output)
        waiter?.reject(new Error(message.error ?? 'no logits'));
      else waiter?.resolve(message.output);
    });
    thread.on('error', (error) => this.failAll(error));
    thread.on('exit', () => this.failAll(new Error('inference thread exited')));
  }

  /** `graph`: prepared once by the caller for several CPU sessions (see OnnxModelSession.create). */
  static create(
    path: string,
    options: SessionOptions = {},
    graph?: SessionGraph,
  ): Promise<ThreadedOnnxSession> {
    const { onFallback, ...threadOptions } = options;
    // From the TypeScript sources the thread starts at an .mjs entry that registers the TypeScript loader there;
    // compiled (dist/), it runs the thread's .js module directly.
    const entry = import.meta.url.endsWith('.ts') ? './onnx-session-thread.mjs' : './onnx-session-thread.js';
    const thread = new Worker(new URL(entry, import.meta.url), {
      workerData: { path, options: threadOptions, ...(graph ? { graph } : {}) },
    });
    return new Promise((resolve, reject) => {
      const onMessage = (message: FromThread) => {
        if (message.type === 'fallback') onFallback?.(message.message);
        else if (message.type === 'ready') {
          thread.off('message', onMessage);
          resolve(new ThreadedOnnxSession(thread, message));
        } else if (message.type === 'failed') {
          thread.off('message', onMessage);
          void thread.terminate();
          reject(new ModelLoadError(message.file, message.message));
        }
      };
      thread.on('message', onMessage);
      thread.once('error', (error) =>
        reject(new ModelLoadError(path, `inference thread failed: ${String(error)}`)),
      );
    });
  }

  /** Whether the thread can still take batches. */
  get usable(): boolean {
    return this.failure === undefined;
  }

  run(batch: PaddedBatch, options: RunOptions = {}): Promise<SessionOutput> {
    // A message to a thread that has exited is dropped without an error: the run would wait forever.
    if (this.failure) return Promise.reject(this.failure);
    const id = (this.nextId += 1);
    const message = {
      type: 'run',
      id,
      batch,
      features: options.features === true,
      urgent: options.urgent === true,
    };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.thread.postMessage(message, [
        batch.inputIds.buffer as ArrayBuffer,
        batch.attentionMask.buffer as ArrayBuffer,
      ]);
    });
  }

  async release(): Promise<void> {
    this.thread.postMessage({ type: 'close' });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void this.thread.terminate().then(() => resolve()), 2000);
      this.thread.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private failAll(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}
