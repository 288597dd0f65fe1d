import type { ExecutionProviderName } from './execution-providers.ts';
import type { FeatureSupport } from './feature-output.ts';
import type { PaddedBatch, RunOptions, SessionOutput } from './onnx-model-session.ts';
import type { SessionPool } from './session-pool.ts';
import type { ThreadedOnnxSession } from './threaded-onnx-session.ts';

/** Makes the express session (a second load of the model, on a thread of its own). */
export type ExpressSessionLoader = () => Promise<ThreadedOnnxSession>;

/** What became of loading the express session, for the one line a worker logs about it. */
export type ExpressLoadOutcome = { loaded: true; ms: number } | { loaded: false; error: unknown };

export interface ExpressLoading {
  load: ExpressSessionLoader;
  onLoad?: (outcome: ExpressLoadOutcome) => void;
}

/**
 * Two sessions of one model, each on a thread of its own. The main session takes every batch in order (an urgent
 * one jumps the batches waiting there); the express session takes an urgent batch whenever it is free, and computes
 * it beside the batch the main session is running.
 *
 * Why: a batch in progress cannot be interrupted, and on CPU one batch holds the cores for tens to hundreds of
 * milliseconds. With one session, a light tenant's text arriving while a flooding tenant's batch runs waits for that
 * batch to end, and on a busy machine that batch's time varies threefold: that wait was the light tenant's latency
 * tail. Triton's answer to the same problem is a second instance of the model; this is one reserved for the express
 * lane. It is for CPU: on a GPU a batch is short and a second session would hold the weights in device memory twice.
 *
 * The express session is loaded the first time a batch is urgent (tenants contend), unless it is given at once: a
 * worker that only ever serves one tenant at a time, or batch jobs, never pays its memory (for the full-size fp32
 * model ~220 MB, its own copy of the weights in ONNX Runtime's layout). Until it is ready, urgent batches jump the
 * main session's queue, as they do whenever the express session is busy. If it cannot be loaded, that stays so.
 */
export class ExpressLaneSession {
  /** Urgent batches the express session computed (the others jumped the main session's queue instead). */
  expressRuns = 0;
  private express: ThreadedOnnxSession | undefined;
  private loading: Promise<void> | undefined;
  private expressBusy = false;
  private released = false;
  private readonly loader: ExpressLoading | undefined;

  /** `express`: the express session itself, or how to load it on the first urgent batch. */
  constructor(
    private readonly main: ThreadedOnnxSession | SessionPool,
    express: ThreadedOnnxSession | ExpressLoading,
  ) {
    if ('load' in express) this.loader = express;
    else this.express = express;
  }

  get executionProvider(): ExecutionProviderName {
    return this.main.executionProvider;
  }

  get inputNames(): readonly string[] {
    return this.main.inputNames;
  }

  get outputName(): string {
    return this.main.outputName;
  }

  get features(): FeatureSupport {
    return this.main.features;
  }

  /** Whether the express session is loaded (it is loaded on the first urgent batch unless it was given at once). */
  get expressLoaded(): boolean {
    return this.express !== undefined;
  }

  /** Resolves once loading the express session has ended, loaded or not (at once if it is not being loaded). */
  async expressSettled(): Promise<void> {
    await this.loading;
  }

  run(batch: PaddedBatch, options: RunOptions = {}): Promise<SessionOutput> {
    if (!options.urgent) return this.main.run(batch, options);
    const express = this.express;
    if (!express) {
      this.loadExpress();
      return this.main.run(batch, options);
    }
    if (this.expressBusy || !express.usable) return this.main.run(batch, options);
    this.expressBusy = true;
    this.expressRuns += 1;
    // The express thread takes a copy (a batch's buffers move to the thread that runs it), so that a batch it
    // fails to compute because the thread is gone still runs on the main session: an accepted text is never lost.
    const copy: PaddedBatch = {
      ...batch,
      inputIds: batch.inputIds.slice(),
      attentionMask: batch.attentionMask.slice(),
    };
    return express
      .run(copy, options)
      .then((output) => ({ ...output, express: true }))
      .catch((error: unknown) => {
        if (express.usable) throw error;
        return this.main.run(batch, options);
      })
      .finally(() => {
        this.expressBusy = false;
      });
  }

  async release(): Promise<void> {
    this.released = true;
    await this.loading;
    await Promise.all([this.main.release(), this.express?.release()]);
  }

  /** Starts loading the express session once; a failure is reported and never retried (the main session serves). */
  private loadExpress(): void {
    if (this.loading || !this.loader || this.released) return;
    const { load, onLoad } = this.loader;
    const started = performance.now();
    this.loading = load().then(
      async (session) => {
        if (this.released) await session.release();
        else {
          this.express = session;
          onLoad?.({ loaded: true, ms: performance.now() - started });
        }
      },
      (error: unknown) => onLoad?.({ loaded: false, error }),
    );
  }
}
