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
  private readonly outcomes: Array<TextOutcome | undefined>;
  private remaining: number;
  private settled = false;
  /** The one reply, once settled (batch chunks read it here; interactive replies are also published). */
  reply?: Reply;
  tokenizeMs = 0;
  inferenceMs = 0;
  /** When the caller's cancellation mark was last looked for (performance.now()); undefined: not yet. */
  cancellationCheckedAt?: number;
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
        queueMs: Math.max(0, this.takenAt - this.request.acceptedAt),
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
