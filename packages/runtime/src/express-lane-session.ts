import type { ExecutionProviderName } from './execution-providers.ts';
import type { FeatureSupport } from './feature-output.ts';
import type { PaddedBatch, RunOptions, SessionOutput } from './onnx-model-session.ts';
import type { ThreadedOnnxSession } from './threaded-onnx-session.ts';

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
 */
export class ExpressLaneSession {
  /** Urgent batches the express session computed (the others jumped the main session's queue instead). */
  expressRuns = 0;
  private expressBusy = false;

  constructor(
    private readonly main: ThreadedOnnxSession,
    private readonly express: ThreadedOnnxSession,
  ) {}

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

  run(batch: PaddedBatch, options: RunOptions = {}): Promise<SessionOutput> {
    if (!options.urgent || this.expressBusy || !this.express.usable) return this.main.run(batch, options);
    this.expressBusy = true;
    this.expressRuns += 1;
    // The express thread takes a copy (a batch's buffers move to the thread that runs it), so that a batch it
    // fails to compute because the thread is gone still runs on the main session: an accepted text is never lost.
    const copy: PaddedBatch = {
      ...batch,
      inputIds: batch.inputIds.slice(),
      attentionMask: batch.attentionMask.slice(),
    };
    return this.express
      .run(copy, options)
      .then((output) => ({ ...output, express: true }))
      .catch((error: unknown) => {
        if (this.express.usable) throw error;
        return this.main.run(batch, options);
      })
      .finally(() => {
        this.expressBusy = false;
      });
  }

  async release(): Promise<void> {
    await Promise.all([this.main.release(), this.express.release()]);
  }
}
