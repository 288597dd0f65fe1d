import type { JobRequest, Reply, TextOutcome } from '@sieve/queue';

/**
 * One caller's request while its texts are spread over batches: collects each text's outcome and produces the
 * reply exactly once, whether it completes, fails, expires or is cancelled.
 */
export class RequestTracker {
  readonly request: JobRequest;
  /** Reply channel; '' for work whose replies are not published (batch chunks read `reply`). */
  readonly gateway: string;
  readonly takenAt: number;
  /** performance.now() when the job was taken: the worker's part of the queue time is measured on this clock. */
  private readonly takenClock = performance.now();
  /** performance.now() when the first batch holding one of its texts started computing. */
  private computeStartedAt?: number;
  private readonly outcomes: Array<TextOutcome | undefined>;
  private remaining: number;
  private settled = false;
  /** The one reply, once settled (batch chunks read it here; interactive replies are also published). */
  reply?: Reply;
  tokenizeMs = 0;
  inferenceMs = 0;
  /** When the caller's cancellation mark was last looked for (performance.now()); undefined: not yet. */
  cancellationCheckedAt?: number;
  /** The worker's CancellationFeed heard the caller cancel (the batch that reaches its texts skips them). */
  cancelRequested = false;
  /** Resolves when the reply has been produced (the job may complete once all its requests are settled). */
  readonly settledPromise: Promise<void>;
  private markSettled!: () => void;

  constructor(request: JobRequest, gateway: string, takenAt: number) {
    this.request = request;
    this.gateway = gateway;
    this.takenAt = takenAt;
    this.outcomes = new Array(request.texts.length);
    this.remaining = request.texts.length;
    this.settledPromise = new Promise((resolve) => (this.markSettled = resolve));
  }

  /** A batch with its texts started computing at `at` (performance.now()); the first one ends its queue time. */
  enteredBatch(at: number): void {
    this.computeStartedAt ??= at;
  }

  /**
   * Waiting, as the reply's timings count it: in the Redis queue (gateway clock to worker clock, so skew shows
   * here) and then in the worker until a batch took the work, behind running batches or waiting for company.
   * Tokenization is reported on its own, so it is left out.
   */
  private queueMs(): number {
    const inRedis = Math.max(0, this.takenAt - this.request.acceptedAt);
    if (this.computeStartedAt === undefined) return inRedis;
    return inRedis + Math.max(0, this.computeStartedAt - this.takenClock - this.tokenizeMs);
  }

  /** Only an interactive call has a caller who can cancel it; a batch job's chunks are cancelled with the batch. */
  get cancellable(): boolean {
    return this.gateway !== '';
  }

  get isSettled(): boolean {
    return this.settled;
  }

  /** Records one text's outcome; returns the reply when it was the last one. */
  complete(index: number, outcome: TextOutcome, model: string, digest: string): Reply | undefined {
    if (this.settled || this.outcomes[index]) return undefined;
    this.outcomes[index] = outcome;
    this.remaining -= 1;
    if (this.remaining > 0) return undefined;
    return this.settle({
      id: this.request.id,
      ok: true,
      model,
      digest,
      results: this.outcomes as TextOutcome[],
      timings: {
        queueMs: this.queueMs(),
        tokenizeMs: this.tokenizeMs,
        inferenceMs: this.inferenceMs,
      },
    });
  }

  fail(
    code: number,
    message: string,
    extra: { reason?: string; violations?: Array<{ field: string; description: string }> } = {},
  ): Reply | undefined {
    if (this.settled) return undefined;
    return this.settle({ id: this.request.id, ok: false, error: { code, message, ...extra } });
  }

  private settle(reply: Reply): Reply {
    this.settled = true;
    this.reply = reply;
    this.markSettled();
    return reply;
  }
}
