import { context, SpanKind, trace, type Context, type Link, type Span } from '@opentelemetry/api';
import { ATTR, markSpanFailed } from '@sieve/telemetry';
import { RequestTrace, workerTracer } from './request-trace.ts';
import type { RequestTracker } from './request-tracker.ts';

/**
 * What a batch's trace reads of each text: whose request it is and its token count. Named here rather than taken
 * from BatchRunner's QueuedText, so that this file does not import the runner that imports it.
 */
export interface TracedText {
  tracker: RequestTracker;
  ids: Int32Array;
}

/**
 * One batch, traced. A batch serves many requests of many traces, so it is a trace of its own, `sieve.batch`,
 * linked to the `sieve.request` span of every request it served; each of those requests gets a `sieve.inference`
 * child for its share, linked back to the batch. A batch none of whose requests is sampled records nothing.
 */
export class BatchTrace {
  private ended = false;

  private constructor(
    private readonly batchSpan: Span | undefined,
    readonly context: Context,
    private readonly shares: Span[],
  ) {}

  static start(
    batch: readonly TracedText[],
    about: { model: string; digest: string; provider: string },
  ): BatchTrace {
    const byRequest = new Map<RequestTrace, TracedText[]>();
    for (const text of batch) {
      const requestTrace = RequestTrace.of(text.tracker);
      if (!requestTrace?.recording) continue;
      const texts = byRequest.get(requestTrace);
      if (texts) texts.push(text);
      else byRequest.set(requestTrace, [text]);
    }
    if (byRequest.size === 0) return new BatchTrace(undefined, context.active(), []);
    let longest = 0;
    let real = 0;
    for (const text of batch) {
      longest = Math.max(longest, text.ids.length);
      real += text.ids.length;
    }
    const attributes = {
      [ATTR.MODEL]: about.model,
      [ATTR.MODEL_DIGEST]: about.digest,
      [ATTR.EXECUTION_PROVIDER]: about.provider,
      [ATTR.BATCH_SIZE]: batch.length,
      [ATTR.BATCH_PADDED_TOKENS]: longest * batch.length,
      [ATTR.BATCH_REAL_TOKENS]: real,
    };
    const links: Link[] = [...byRequest.keys()].map((requestTrace) => ({
      context: requestTrace.span.spanContext(),
    }));
    const batchSpan = workerTracer.startSpan('sieve.batch', {
      kind: SpanKind.INTERNAL,
      root: true,
      links,
      attributes,
    });
    const shares = [...byRequest].map(([requestTrace, texts]) =>
      requestTrace.child('sieve.inference', {
        links: [{ context: batchSpan.spanContext() }],
        attributes: {
          ...attributes,
          [ATTR.TEXTS]: texts.length,
          [ATTR.TOKENS]: texts.reduce((sum, text) => sum + text.ids.length, 0),
        },
      }),
    );
    return new BatchTrace(batchSpan, trace.setSpan(context.active(), batchSpan), shares);
  }

  /** Runs `fn` with the batch span active (log lines inside carry its trace id). */
  run<T>(fn: () => T): T {
    return context.with(this.context, fn);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const span of this.shares) span.end();
    this.batchSpan?.end();
  }

  fail(error: unknown): void {
    if (this.ended) return;
    for (const span of [...this.shares, ...(this.batchSpan ? [this.batchSpan] : [])])
      markSpanFailed(span, error);
    this.end();
  }
}
