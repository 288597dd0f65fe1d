import {
  status,
  type Metadata,
  type ServerDuplexStream,
  type ServerUnaryCall,
  type sendUnaryData,
} from '@grpc/grpc-js';
import {
  ApiError,
  type ClassifyRequest,
  type ClassifyResponseInit,
  type ClassifyStreamRequest,
  type ClassifyStreamResponseInit,
  type InferenceHandlers,
} from '@sieve/api';
import { context, type Context, type Span } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { TRUNCATION_MODE_OF_CODE } from '@sieve/queue';
import type { TenantSpec } from '@sieve/tenancy';
import type { TenantGate } from '../edge/tenant-gate.ts';
import type { TokenCounter } from './token-counter.ts';
import { ATTR, contextFromMetadata, inSpan, markSpanFailed, type GatewayMetrics } from '@sieve/telemetry';
import { gatewayTracer, startRpcSpan } from '../edge/rpc-tracing.ts';
import type { ClassifyDispatcher } from './classify-dispatcher.ts';
import { decodeRefusalOf } from '../edge/decode-refusal.ts';
import type { GatewayDrain } from '../edge/gateway-drain.ts';
import type { HeadResolver } from '../heads/head-resolution.ts';
import type { ModelCatalog } from '../models/model-catalog.ts';
import {
  validateClassifyRequest,
  type ValidatedRequest,
  type ValidationLimits,
} from './request-validation.ts';
import type { ResponseCache } from '../response-cache.ts';
import {
  apiErrorOf,
  codeNameOf,
  grpcStatusOf,
  internalError,
  messageStatusOf,
} from '../edge/error-status.ts';

/** Ids a stream holds while their requests are in flight: bounded like request_id. */
const MAX_CORRELATION_ID_CHARS = 128;

/** A tenant's default class, used when a request leaves priority unspecified (lower runs first). */
const PRIORITY_OF: Record<TenantSpec['defaultPriority'], number> = { high: 0, normal: 1, low: 2 };

function deadlineOf(call: { getDeadline(): Date | number }, defaultTimeoutMs: number): number {
  const deadline = call.getDeadline();
  const ms = deadline instanceof Date ? deadline.getTime() : deadline;
  const now = Date.now();
  // Capped at 10x the default: a caller's month-long deadline would otherwise overflow Node's 32-bit timers,
  // which then fire at once, and hold quota leases for as long.
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, now + defaultTimeoutMs * 10) : now + defaultTimeoutMs;
}

export function inferenceService(deps: {
  catalog: ModelCatalog;
  dispatcher: ClassifyDispatcher;
  gate: TenantGate;
  tokenCounter: TokenCounter;
  metrics: GatewayMetrics;
  limits: ValidationLimits;
  defaultTimeoutMs: number;
  maxStreamInFlight: number;
  /** Once the gateway drains, streams admit no new request and end when what they admitted is answered. */
  drain: GatewayDrain;
  /** Put each request's texts on its span (SIEVE_TRACE_TEXTS); off, spans carry counts only. */
  traceTexts?: boolean;
  /** Answers repeated texts from Redis (unless the tenant opts out); absent or TTL 0: every text is computed. */
  responseCache?: ResponseCache;
  /** Resolves `MODEL+HEAD[@VERSION]` to the caller's own heads; absent: heads are not served. */
  heads?: HeadResolver;
  log: Logger;
}): InferenceHandlers {
  const { catalog, dispatcher, gate, tokenCounter, metrics, limits, drain, log } = deps;
  // An unexpected error becomes INTERNAL without leaking internals.
  const unexpected = internalError(log, 'unexpected error');

  // async: a validation error must reject the promise, not throw out of the gRPC handler (grpc-js reports UNKNOWN).
  // Order: who is calling, is the request well formed, may they use the model, is there quota — then the work.
  // Every answer, success or failure, is counted by code, tenant and model, and is one SERVER span in the caller's
  // trace (a new trace when the caller sent no traceparent).
  const classify = (
    method: 'Classify' | 'ClassifyStream',
    tenantOf: Promise<TenantSpec>,
    request: ClassifyRequest,
    deadline: number,
    signal: AbortSignal,
    options: { parent: Context; onAdmitted?: (metadata: Metadata) => void },
  ) => {
    const rpc = startRpcSpan(method, options.parent);
    rpc.span.setAttribute(ATTR.TEXTS, request.texts.length);
    if (deps.traceTexts) rpc.span.setAttribute(ATTR.TEXTS_CONTENT, request.texts);
    return context.with(rpc.context, () =>
      classifyCounted(method, tenantOf, request, deadline, signal, {
        ...options,
        trace: rpc.context,
        span: rpc.span,
      }).finally(() => rpc.span.end()),
    );
  };

  const classifyCounted = async (
    method: 'Classify' | 'ClassifyStream',
    tenantOf: Promise<TenantSpec>,
    request: ClassifyRequest,
    deadline: number,
    signal: AbortSignal,
    options: { trace: Context; span: Span; onAdmitted?: (metadata: Metadata) => void },
  ) => {
    const started = performance.now();
    let tenantId = 'unknown';
    // Only a served model becomes a metric label: a caller's made-up names would each add a time series.
    let modelRef = 'unknown';
    const { span } = options;
    try {
      const response = await classifyAs(tenantOf, request, deadline, signal, options, (tenant, model) => {
        tenantId = tenant;
        modelRef = model;
      });
      span.setAttributes({
        [ATTR.RPC_GRPC_STATUS_CODE]: status.OK,
        [ATTR.TENANT]: tenantId,
        [ATTR.MODEL]: modelRef,
        [ATTR.MODEL_DIGEST]: response.modelDigest ?? '',
        [ATTR.TOKENS]: Number(response.tokenCount ?? 0),
      });
      log.debug({ method, code: 'OK', tenant: tenantId, model: modelRef }, 'classify answered');
      metrics.requests.inc({ method, code: 'OK', tenant: tenantId, model: modelRef });
      metrics.texts.inc({ tenant: tenantId, model: modelRef }, request.texts.length);
      metrics.tokens.inc({ tenant: tenantId, model: modelRef }, Number(response.tokenCount ?? 0));
      const inference = response.timings?.inference;
      if (inference) {
        metrics.inferenceSeconds.inc(
          { tenant: tenantId, model: modelRef },
          Number(inference.seconds ?? 0) + Number(inference.nanos ?? 0) / 1e9,
        );
      }
      metrics.requestDuration.observe({ method, model: modelRef }, (performance.now() - started) / 1000);
      return response;
    } catch (error) {
      const code = error instanceof ApiError ? codeNameOf(error.code) : 'INTERNAL';
      span.setAttributes({ [ATTR.TENANT]: tenantId, [ATTR.MODEL]: modelRef });
      markSpanFailed(span, error instanceof ApiError ? error : new ApiError(status.INTERNAL, String(error)));
      log.debug({ method, code, tenant: tenantId, model: modelRef }, 'classify answered');
      metrics.requests.inc({ method, code, tenant: tenantId, model: modelRef });
      throw error;
    }
  };

  const classifyAs = async (
    tenantOf: Promise<TenantSpec>,
    request: ClassifyRequest,
    deadline: number,
    signal: AbortSignal,
    options: { trace: Context; onAdmitted?: (metadata: Metadata) => void },
    identify: (tenant: string, model: string) => void,
  ) => {
    const tenant = await inSpan(
      gatewayTracer,
      'sieve.auth',
      {},
      async (span) => {
        const spec = await tenantOf;
        span.setAttribute(ATTR.TENANT, spec.id);
        return spec;
      },
      options.trace,
    );
    identify(tenant.id, (request.model && catalog.resolve(request.model)?.ref) || 'unknown');
    const head = await deps.heads
      ?.resolve(tenant, request.model)
      .catch((error: unknown) => (error instanceof ApiError ? error : Promise.reject(error)));
    const validated = validateClassifyRequest(
      request,
      catalog,
      limits,
      PRIORITY_OF[tenant.defaultPriority],
      head,
    );
    identify(tenant.id, validated.model.ref);
    gate.authorizeModel(tenant, validated.model.name);
    const admitted = await inSpan(
      gatewayTracer,
      'sieve.quota',
      {
        attributes: {
          [ATTR.TENANT]: tenant.id,
          [ATTR.MODEL]: validated.model.ref,
          [ATTR.TEXTS]: validated.job.texts.length,
        },
      },
      async (span) => {
        const tokens = tenant.limits.tokensPerMinute
          ? await tokenCounter.count(
              validated.model,
              validated.job.texts,
              TRUNCATION_MODE_OF_CODE[validated.job.truncation],
            )
          : 0;
        if (tokens > 0) span.setAttribute(ATTR.TOKENS, tokens);
        return gate.admit(tenant, validated.model.ref, validated.job.texts.length, deadline, tokens);
      },
      options.trace,
    );
    options.onAdmitted?.(admitted.metadata);
    try {
      const dispatch = (request: ValidatedRequest) =>
        dispatcher.classify(request, {
          deadline,
          signal,
          tenant: { id: tenant.id, weight: tenant.weight },
          trace: options.trace,
        });
      const response = deps.responseCache
        ? await deps.responseCache.classify(
            validated,
            {
              tenant: tenant.id,
              disabled: tenant.disableResponseCache,
              deadline,
              signal,
              replays: {
                recall: (request) => dispatcher.recall(request, tenant.id),
                remember: (request, answer) => dispatcher.remember(request, tenant.id, answer),
              },
            },
            dispatch,
          )
        : await dispatch(validated);
      const inference = response.timings?.inference;
      gate.record({
        tenantId: tenant.id,
        model: validated.model.ref,
        requests: 1,
        texts: validated.job.texts.length,
        tokens: Number(response.tokenCount ?? 0),
        cachedTexts: response.results?.filter((result) => result.cached).length ?? 0,
        inferenceMs: inference
          ? Number(inference.seconds ?? 0) * 1000 + Number(inference.nanos ?? 0) / 1e6
          : 0,
      });
      return response;
    } finally {
      gate.release(admitted.leases);
    }
  };

  return {
    Classify(
      call: ServerUnaryCall<ClassifyRequest, ClassifyResponseInit>,
      callback: sendUnaryData<ClassifyResponseInit>,
    ) {
      const abort = new AbortController();
      // grpc-js says 'cancelled' when any call's stream closes, answered ones too: aborting those would only build
      // an AbortError (stack trace included) per call for nobody.
      let answered = false;
      call.on('cancelled', () => {
        if (!answered) abort.abort();
      });
      classify(
        'Classify',
        gate.authenticate(call.metadata),
        call.request,
        deadlineOf(call, deps.defaultTimeoutMs),
        abort.signal,
        {
          parent: contextFromMetadata(call.metadata),
          onAdmitted: (metadata) => call.sendMetadata(metadata),
        },
      ).then(
        (response) => {
          answered = true;
          callback(null, response);
        },
        (error: unknown) => {
          answered = true;
          if (call.cancelled) return;
          callback(grpcStatusOf(apiErrorOf(error, unexpected)));
        },
      );
    },

    ClassifyStream(call: ServerDuplexStream<ClassifyStreamRequest, ClassifyStreamResponseInit>) {
      const abort = new AbortController();
      // One authentication per stream; every message's answer reports its failure if the key is bad.
      const tenantOf = gate.authenticate(call.metadata);
      tenantOf.catch(() => undefined);
      const parent = contextFromMetadata(call.metadata);
      let inFlight = 0;
      let ended = false;
      let paused = false;
      // Our side is closed (OK, or UNAVAILABLE once the gateway drains): nothing more is read or written.
      let finished = false;
      const inFlightIds = new Set<string>();
      let stopWatchingDrain = () => {};
      const finish = (end: () => void) => {
        finished = true;
        stopWatchingDrain();
        call.pause();
        end();
      };
      // A client that half-closed ends OK as usual; while the gateway drains, a stream ends as soon as what it admitted
      // is answered, with UNAVAILABLE: the client retries elsewhere whatever has no answer (the gateway never read it).
      const finishIfDone = () => {
        if (finished || inFlight > 0 || call.destroyed) return;
        if (ended) finish(() => call.end());
        else if (drain.draining) finish(() => call.emit('error', grpcStatusOf(drain.streamEnd())));
      };
      stopWatchingDrain = drain.watch(finishIfDone);
      // Flow control both ways: stop reading while too many requests are in flight or the client is not reading
      // our answers, so a slow client cannot make the gateway buffer without bound.
      const updateFlow = () => {
        if (finished) return;
        const shouldPause = inFlight >= deps.maxStreamInFlight || call.writableNeedDrain;
        if (shouldPause && !paused) {
          paused = true;
          call.pause();
          log.debug({ inFlight, buffered: call.writableLength }, 'stream paused');
        } else if (!shouldPause && paused) {
          paused = false;
          call.resume();
          log.debug({ inFlight, buffered: call.writableLength }, 'stream resumed');
        }
      };
      call.on('drain', updateFlow);
      // grpc-js says 'cancelled' when any call's stream closes, answered ones too: the drain stops being watched.
      call.on('cancelled', () => {
        stopWatchingDrain();
        abort.abort();
      });
      call.on('error', () => {
        stopWatchingDrain();
        abort.abort();
      });
      call.on('end', () => {
        ended = true;
        finishIfDone();
      });
      call.on('data', (message: ClassifyStreamRequest) => {
        // Read after the stream ended (grpc-js had it queued): the end's status answers it.
        if (finished) return;
        const correlationId = message.correlationId;
        // A refused duplicate must not free the id of the request that holds it.
        const answer = (response: ClassifyStreamResponseInit, holdsId = true) => {
          inFlight -= 1;
          if (holdsId) inFlightIds.delete(correlationId);
          if (!call.destroyed && !call.cancelled && !call.writableEnded) call.write(response);
          updateFlow();
          finishIfDone();
        };
        inFlight += 1;
        updateFlow();
        const fail = (error: ApiError, holdsId = true) =>
          answer({ correlationId, error: messageStatusOf(error) }, holdsId);
        if (drain.draining) {
          fail(drain.refusal(), false);
          return;
        }
        if (correlationId.length > MAX_CORRELATION_ID_CHARS) {
          const description = `${correlationId.length} characters exceed the limit of ${MAX_CORRELATION_ID_CHARS}`;
          fail(ApiError.invalidArgument([{ field: 'correlation_id', description }]), false);
          return;
        }
        if (inFlightIds.has(correlationId)) {
          fail(
            ApiError.invalidArgument([
              {
                field: 'correlation_id',
                description: `"${correlationId}" is already in flight on this stream`,
              },
            ]),
            false,
          );
          return;
        }
        inFlightIds.add(correlationId);
        // A request the gateway would not decode (too many texts, checked on the wire) is answered here, not decoded.
        const refused = decodeRefusalOf(message);
        if (refused) {
          fail(refused.error);
          return;
        }
        if (!message.request) {
          fail(ApiError.invalidArgument([{ field: 'request', description: 'required' }]));
          return;
        }
        classify(
          'ClassifyStream',
          tenantOf,
          message.request,
          deadlineOf(call, deps.defaultTimeoutMs),
          abort.signal,
          { parent },
        ).then(
          (response) => answer({ correlationId, response }),
          (error: unknown) => fail(apiErrorOf(error, unexpected)),
        );
      });
    },
  };
}
