import { randomBytes } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { ROOT_CONTEXT, SpanKind, trace, type Context } from '@opentelemetry/api';
import { ApiError, type ClassifyResponseInit } from '@sieve/api';
import type {
  ClassifyEnqueuer,
  Reply,
  ReplySubscriber,
  RequestCancellation,
  RequestIdMemo,
} from '@sieve/queue';
import type { ValidatedRequest } from './request-validation.ts';
import { ATTR, markSpanFailed, traceparentOf } from '@sieve/telemetry';
import { gatewayTracer } from '../edge/rpc-tracing.ts';
import { backendUnavailable } from '../edge/backend-unavailable.ts';
import { decodeResponse, encodeResponse } from './answer-encoding.ts';
import type { Logger } from 'pino';

export interface DispatchOptions {
  /** Epoch ms; the caller's gRPC deadline or the gateway's default. */
  deadline: number;
  /** Fires when the caller cancels or disconnects. */
  signal: AbortSignal;
  /** The call's trace context: the job carries the enqueue span's traceparent, so the worker's spans join it. */
  trace?: Context;
  /** Whose work it is: its queue, its fair share, and the scope of request_id replays. */
  tenant: { id: string; weight: number };
}

/** Whose answers a request_id replays (within the tenant): a head's answers are not the base model's, nor another head's. */
const replayScope = (validated: ValidatedRequest) =>
  `${validated.model.ref}${validated.job.head ? `+${validated.job.head.id}` : ''}`;

/**
 * What the caller asked, in a fixed order: the same request_id with any of it changed is another request.
 * Priority and deadline only shape when it is answered, so a retry may change them; the model's digest is not the
 * caller's to choose, so a retry after the files changed still gets its first answer.
 */
const fingerprintParts = ({ model, job }: ValidatedRequest) => [
  model.ref,
  job.head ? `${job.head.id}@${job.head.version}` : '',
  job.topK,
  job.raw ? 1 : 0,
  job.truncation,
  job.texts.length,
  ...job.texts,
];

function requestIdReused(requestId: string): ApiError {
  return ApiError.withReason(
    status.ALREADY_EXISTS,
    'REQUEST_ID_REUSED',
    `request_id "${requestId}" was used within the last minutes for another request (other texts, options or ` +
      'model); send a new request_id for a new request, or the same request to get its first answer',
    { errorInfo: { reason: 'REQUEST_ID_REUSED', metadata: { request_id: requestId } } },
  );
}

const durationOf = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: Math.round((ms % 1000) * 1e6) });

/**
 * Admission and the round trip of one validated request: bounded pending texts per model, enqueue, wait for the
 * worker's reply on this gateway's channel, and turn deadline or cancellation into the right status (telling
 * workers to skip the work).
 */
export class ClassifyDispatcher {
  private readonly pendingByModel = new Map<string, number>();
  private sequence = 0;
  /**
   * Apart in every process: a gateway's id outlives a restart of its process (the chart names it after the pod), and
   * a late reply to a request of the previous process (from a worker that was frozen, or a re-run) must not answer
   * the new process's request that got the same sequence number.
   */
  private readonly incarnation = randomBytes(6).toString('base64url');

  constructor(
    private readonly deps: {
      gatewayId: string;
      enqueuer: ClassifyEnqueuer;
      subscriber: ReplySubscriber;
      cancellation: RequestCancellation;
      memo: RequestIdMemo;
      maxPendingTexts: number;
      /** Where Redis's own errors go (callers get a fixed message). */
      log?: Logger;
      backendReady: () => boolean;
      onPending?: (model: string, texts: number) => void;
    },
  ) {}

  /**
   * The answer to an earlier call of this tenant with this request_id and the same request, if one is remembered;
   * rejects with ALREADY_EXISTS (REQUEST_ID_REUSED) when the id was used for another request. A memo Redis cannot
   * read is a miss: the call is computed (a retry then answers the same, as answers are pure).
   */
  async recall(validated: ValidatedRequest, tenantId: string): Promise<ClassifyResponseInit | undefined> {
    if (!validated.requestId) return undefined;
    const { memo } = this.deps;
    const recalled = await memo
      .recall(
        tenantId,
        replayScope(validated),
        validated.requestId,
        memo.fingerprint(fingerprintParts(validated)),
      )
      .catch(() => undefined);
    if (recalled?.kind === 'other-request') throw requestIdReused(validated.requestId);
    return recalled ? decodeResponse(recalled.answer) : undefined;
  }

  /**
   * Keeps a call's answer with its request's fingerprint for retries with the same request_id (a no-op without
   * one). Not kept while Redis is near its maxmemory, or when Redis refuses: a retry is then computed again.
   */
  async remember(
    validated: ValidatedRequest,
    tenantId: string,
    response: ClassifyResponseInit,
  ): Promise<void> {
    if (!validated.requestId) return;
    const { memo } = this.deps;
    await memo
      .remember(
        tenantId,
        replayScope(validated),
        validated.requestId,
        memo.fingerprint(fingerprintParts(validated)),
        encodeResponse(response),
      )
      .catch((error: unknown) => this.deps.log?.debug({ err: error }, 'request_id not remembered'));
  }

  pendingTexts(modelRef: string): number {
    return this.pendingByModel.get(modelRef) ?? 0;
  }

  async classify(validated: ValidatedRequest, options: DispatchOptions): Promise<ClassifyResponseInit> {
    const acceptedAt = Date.now();
    const started = performance.now();
    const { model, job } = validated;
    if (!this.deps.backendReady()) {
      throw ApiError.withReason(
        status.UNAVAILABLE,
        'BACKEND_UNAVAILABLE',
        'the queue backend (Redis) is unreachable; retry shortly',
        {
          retryDelayMs: 1000,
        },
      );
    }
    const pending = this.pendingTexts(model.ref);
    if (pending + job.texts.length > this.deps.maxPendingTexts) {
      throw ApiError.withReason(
        status.RESOURCE_EXHAUSTED,
        'QUEUE_FULL',
        `model ${model.ref} has ${pending} texts pending, at the limit of ${this.deps.maxPendingTexts}; retry later`,
        { retryDelayMs: 500 },
      );
    }
    if (options.signal.aborted) throw new ApiError(status.CANCELLED, 'cancelled by the caller');
    const earlier = await this.recall(validated, options.tenant.id);
    if (earlier) return earlier;

    const id = `${this.deps.gatewayId}.${this.incarnation}.${(this.sequence += 1).toString(36)}`;
    this.pendingByModel.set(model.ref, pending + job.texts.length);
    this.deps.onPending?.(model.ref, pending + job.texts.length);
    let settle!: (reply: Reply | ApiError) => void;
    const outcome = new Promise<Reply | ApiError>((resolve) => (settle = resolve));
    this.deps.subscriber.expect(id, settle);
    const timer = setTimeout(
      () => settle(new ApiError(status.DEADLINE_EXCEEDED, 'deadline exceeded before the result arrived')),
      Math.max(0, options.deadline - Date.now()),
    );
    const onAbort = () => settle(new ApiError(status.CANCELLED, 'cancelled by the caller'));
    options.signal.addEventListener('abort', onAbort, { once: true });
    const parent = options.trace ?? ROOT_CONTEXT;
    const enqueueSpan = gatewayTracer.startSpan(
      'sieve.enqueue',
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          [ATTR.MESSAGING_SYSTEM]: 'bullmq',
          [ATTR.MESSAGING_OPERATION_TYPE]: 'send',
          [ATTR.TENANT]: options.tenant.id,
          [ATTR.MODEL]: model.ref,
          [ATTR.TEXTS]: job.texts.length,
        },
      },
      parent,
    );
    // Tracing off, the no-op span carries the caller's own context, so a caller's traceparent still reaches workers.
    const traceparent = traceparentOf(trace.setSpan(parent, enqueueSpan));
    try {
      this.deps.enqueuer
        .enqueue(model.ref, {
          ...job,
          id,
          tenant: options.tenant.id,
          weight: options.tenant.weight,
          deadline: options.deadline,
          acceptedAt,
          ...(traceparent ? { traceparent } : {}),
        })
        .then(
          () => enqueueSpan.end(),
          (error: unknown) => {
            markSpanFailed(enqueueSpan, error);
            enqueueSpan.end();
            settle(backendUnavailable(this.deps.log, error, 'the request could not be queued'));
          },
        );
      const result = await outcome;
      if (result instanceof ApiError) {
        if (result.code === status.CANCELLED || result.code === status.DEADLINE_EXCEEDED) {
          void this.deps.cancellation.cancel(id).catch(() => undefined);
        }
        throw result;
      }
      if (!result.ok) {
        const { code, message, reason, violations } = result.error;
        throw new ApiError(code, message, {
          ...(reason ? { errorInfo: { reason } } : {}),
          ...(violations ? { badRequest: { fieldViolations: violations } } : {}),
        });
      }
      const totalMs = performance.now() - started;
      // On this gateway's clock (a worker's may be skewed): what the request waited, for the enqueuer's holds.
      this.deps.enqueuer.observeWait(
        model.ref,
        options.tenant.id,
        totalMs - result.timings.inferenceMs - result.timings.tokenizeMs,
      );
      const response: ClassifyResponseInit = {
        results: result.results,
        model: result.model,
        modelDigest: result.digest,
        requestId: validated.requestId,
        tokenCount: result.results.reduce((sum, r) => sum + r.tokenCount, 0),
        timings: {
          total: durationOf(totalMs),
          queue: durationOf(result.timings.queueMs),
          tokenization: durationOf(result.timings.tokenizeMs),
          inference: durationOf(result.timings.inferenceMs),
        },
      };
      await this.remember(validated, options.tenant.id, response);
      return response;
    } finally {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      this.deps.subscriber.forget(id);
      const left = (this.pendingByModel.get(model.ref) ?? job.texts.length) - job.texts.length;
      this.pendingByModel.set(model.ref, left);
      this.deps.onPending?.(model.ref, left);
    }
  }
}
