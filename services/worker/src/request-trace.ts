import {
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type SpanOptions,
} from '@opentelemetry/api';
import type { Reply } from '@sieve/queue';
import { ATTR, contextFromTraceparent } from '@sieve/telemetry';
import type { RequestTracker } from './request-tracker.ts';

/** A proxy until the SDK registers (or forever the no-op tracer, when tracing is off). */
export const workerTracer = trace.getTracer('sieve-worker');

// Keyed by the tracker so that the tracker itself stays free of tracing; gone with it.
const traces = new WeakMap<RequestTracker, RequestTrace>();

/**
 * One caller's request on this worker, in the caller's trace: `sieve.queue_wait` (accepted by the gateway until
 * taken here, on the gateway's clock like the queue-wait metric) and `sieve.request` (CONSUMER: taken until its
 * reply is sent) are children of the gateway's enqueue span, whose traceparent the job carries. Tokenization, the
 * request's share of each batch and the reply's delivery are children of `sieve.request`.
 */
export class RequestTrace {
  private ended = false;
  /** Set once a reply is on its way: the span then ends when the reply has been sent, not before. */
  private delivering = false;

  private constructor(
    readonly span: Span,
    readonly context: Context,
  ) {}

  static begin(
    tracker: RequestTracker,
    job: { queueName: string; id?: string | undefined },
    model: string,
  ): RequestTrace {
    const { request } = tracker;
    const parent = contextFromTraceparent(request.traceparent);
    const attributes = {
      [ATTR.MESSAGING_SYSTEM]: 'bullmq',
      [ATTR.MESSAGING_DESTINATION]: job.queueName,
      ...(job.id ? { [ATTR.MESSAGING_MESSAGE_ID]: job.id } : {}),
      [ATTR.MODEL]: model,
      [ATTR.TEXTS]: request.texts.length,
      ...(request.tenant ? { [ATTR.TENANT]: request.tenant } : {}),
    };
    workerTracer
      .startSpan(
        'sieve.queue_wait',
        { startTime: Math.min(request.acceptedAt, tracker.takenAt), attributes },
        parent,
      )
      .end(tracker.takenAt);
    const span = workerTracer.startSpan(
      'sieve.request',
      {
        // No explicit start (it begins as the job is taken): a span given a start time ends on Date.now()'s
        // milliseconds, which would end it before its children, timed on the high-resolution clock.
        kind: SpanKind.CONSUMER,
        attributes: { ...attributes, [ATTR.MESSAGING_OPERATION_TYPE]: 'process' },
      },
      parent,
    );
    const requestTrace = new RequestTrace(span, trace.setSpan(parent, span));
    traces.set(tracker, requestTrace);
    return requestTrace;
  }

  static of(tracker: RequestTracker): RequestTrace | undefined {
    return traces.get(tracker);
  }

  get recording(): boolean {
    return this.span.isRecording();
  }

  child(name: string, options: SpanOptions = {}): Span {
    return workerTracer.startSpan(name, options, this.context);
  }

  awaitDelivery(): void {
    this.delivering = true;
  }

  /** Ends the span, with the reply's error as its status; once. */
  finish(reply?: Reply): void {
    if (this.ended) return;
    this.ended = true;
    if (reply && !reply.ok) {
      this.span.setAttribute(ATTR.RPC_GRPC_STATUS_CODE, reply.error.code);
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: reply.error.message });
    }
    this.span.end();
  }

  /** For requests answered on a path that sends no traced delivery (expired in the batcher): end now. */
  finishUnlessDelivering(): void {
    if (!this.delivering) this.finish();
  }
}
