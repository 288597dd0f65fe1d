import type { ExecutionProviderName } from './execution-providers.ts';
import type { FeatureSupport } from './feature-output.ts';
import type { PaddedBatch, RunOptions, SessionOutput } from './onnx-model-session.ts';

/** What the pool needs of a session: a ThreadedOnnxSession (tests give stand-ins). */
export interface PooledSession {
  readonly executionProvider: ExecutionProviderName;
  readonly inputNames: readonly string[];
  readonly outputName: string;
  readonly features: FeatureSupport;
  /** False once the session can take no more batches (its thread failed or exited). */
  readonly usable: boolean;
  run(batch: PaddedBatch, options?: RunOptions): Promise<SessionOutput>;
  release(): Promise<void>;
}

interface QueuedRun {
  batch: PaddedBatch;
  options: RunOptions;
  resolve: (output: SessionOutput) => void;
  reject: (error: Error) => void;
}

/**
 * Several sessions of one model, each on a thread of its own with its own intra-op threads, taking batches from one
 * queue: each batch goes to the first session free, so N batches are computed at once.
 *
 * Why: on CPU, one session whose intra-op threads split every operator between the cores waits at each operator
 * for the slowest thread, and on a machine shared with a gateway, Redis and the worker's own event loop one of them
 * is often preempted. Sessions of one thread each never wait for each other. On two cores, in-process over the
 * benchmark corpus (sorted batches of 2-4 texts), two sessions of one thread computed 15-35% more texts per second
 * than one session of two threads (bench/NOTES.md). The price is memory (each session holds its own copy of the
 * weights in ONNX Runtime's layout and its own arena) and latency at low load (one text uses one core, not all).
 * OpenVINO calls the same choice its "throughput" hint, Triton an instance group of count N.
 */
export class SessionPool {
  private readonly idle: PooledSession[];
  private readonly queue: QueuedRun[] = [];
  private released = false;

  constructor(private readonly sessions: readonly PooledSession[]) {
    if (sessions.length === 0) throw new Error('a session pool needs at least one session');
    this.idle = [...sessions];
  }

  get executionProvider(): ExecutionProviderName {
    return this.sessions[0]!.executionProvider;
  }

  get inputNames(): readonly string[] {
    return this.sessions[0]!.inputNames;
  }

  get outputName(): string {
    return this.sessions[0]!.outputName;
  }

  get features(): FeatureSupport {
    return this.sessions[0]!.features;
  }

  /** Whether any session can still take batches. */
  get usable(): boolean {
    return this.sessions.some((session) => session.usable);
  }

  /** Runs the batch on the first session free; an urgent batch goes ahead of the batches waiting for one. */
  run(batch: PaddedBatch, options: RunOptions = {}): Promise<SessionOutput> {
    if (this.released) return Promise.reject(new Error('the session pool was released'));
    return new Promise((resolve, reject) => {
      const queued = { batch, options, resolve, reject };
      if (options.urgent) this.queue.unshift(queued);
      else this.queue.push(queued);
      this.dispatch();
    });
  }

  async release(): Promise<void> {
    this.released = true;
    const error = new Error('the session pool was released');
    for (const queued of this.queue.splice(0)) queued.reject(error);
    await Promise.all(this.sessions.map((session) => session.release()));
  }

  private dispatch(): void {
    for (;;) {
      const index = this.idle.findIndex((session) => session.usable);
      if (index < 0 || this.queue.length === 0) break;
      const [session] = this.idle.splice(index, 1);
      this.start(session!, this.queue.shift()!);
    }
    if (!this.usable) {
      const error = new Error('no session of the pool can take batches: their inference threads are gone');
      for (const queued of this.queue.splice(0)) queued.reject(error);
    }
  }

  private start(session: PooledSession, queued: QueuedRun): void {
    // The thread takes the batch's buffers; a copy stays here so that a batch whose thread dies runs on another
    // session instead: an accepted text is never lost while one session can still compute.
    const { batch } = queued;
    const copy: PaddedBatch = {
      ...batch,
      inputIds: batch.inputIds.slice(),
      attentionMask: batch.attentionMask.slice(),
    };
    session.run(copy, queued.options).then(
      (output) => {
        this.idle.push(session);
        queued.resolve(output);
        this.dispatch();
      },
      (error: unknown) => {
        this.idle.push(session);
        if (session.usable || !this.usable) queued.reject(error as Error);
        else this.queue.unshift(queued);
        this.dispatch();
      },
    );
  }
}
