import { status, type Metadata } from '@grpc/grpc-js';
import { ApiError, type ClassifyRequest, type ClassifyResponseInit } from '@sieve/api';
import { context, type Context, type Span } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { TRUNCATION_MODE_OF_CODE } from '@sieve/queue';
import type { TenantSpec } from '@sieve/tenancy';
import { ATTR, inSpan, markSpanFailed, type GatewayMetrics } from '@sieve/telemetry';
import type { TenantGate } from '../edge/tenant-gate.ts';
import { gatewayTracer, startRpcSpan } from '../edge/rpc-tracing.ts';
import { codeNameOf } from '../edge/error-status.ts';
import type { HeadResolver } from '../heads/head-resolution.ts';
import type { ModelCatalog } from '../models/model-catalog.ts';
import type { ResponseCache } from '../response-cache.ts';
import type { ClassifyDispatcher } from './classify-dispatcher.ts';
import type { TokenCounter } from './token-counter.ts';
import {
  validateClassifyRequest,
  type ValidatedRequest,
  type ValidationLimits,
} from './request-validation.ts';

/** A tenant's default class, used when a request leaves priority unspecified (lower runs first). */
const PRIORITY_OF: Record<TenantSpec['defaultPriority'], number> = { high: 0, normal: 1, low: 2 };

export type ClassifyMethod = 'Classify' | 'ClassifyStream';

export interface ClassificationDeps {
  catalog: ModelCatalog;
  dispatcher: ClassifyDispatcher;
  gate: TenantGate;
  tokenCounter: TokenCounter;
  metrics: GatewayMetrics;
  limits: ValidationLimits;
  /** Put each request's texts on its span (SIEVE_TRACE_TEXTS); off, spans carry counts only. */
  traceTexts?: boolean;
  /** Answers repeated texts from Redis (unless the tenant opts out); absent or TTL 0: every text is computed. */
  responseCache?: ResponseCache;
  /** Resolves `MODEL+HEAD[@VERSION]` to the caller's own heads; absent: heads are not served. */
  heads?: HeadResolver;
  log: Logger;
}

/** One request's call: where it is traced and who hears its quota headers once it is admitted. */
export interface ClassifyCall {
  tenantOf: Promise<TenantSpec>;
  deadline: number;
  signal: AbortSignal;
  parent: Context;
  onAdmitted?: (metadata: Metadata) => void;
}

/** What the steps of one request share: its call, its trace, and the names its metrics carry once known. */
interface InFlight extends ClassifyCall {
  trace: Context;
  /** Only a served model becomes a metric label: a caller's made-up names would each add a time series. */
  tenantId: string;
  modelRef: string;
}

/**
 * One classify request, Classify's or one message of a ClassifyStream, from the caller's key to its answer. Order:
 * who is calling, is the request well formed, may they use the model, is there quota — then the work. Every answer,
 * success or failure, is counted by code, tenant and model, and is one SERVER span in the caller's trace (a new trace
 * when the caller sent no traceparent).
 */
export class Classification {
  constructor(private readonly deps: ClassificationDeps) {}

  /** async: a failure rejects the promise, it never throws out of a gRPC handler (grpc-js reports UNKNOWN). */
  classify(
    method: ClassifyMethod,
    request: ClassifyRequest,
    call: ClassifyCall,
  ): Promise<ClassifyResponseInit> {
    const rpc = startRpcSpan(method, call.parent);
    rpc.span.setAttribute(ATTR.TEXTS, request.texts.length);
    if (this.deps.traceTexts) rpc.span.setAttribute(ATTR.TEXTS_CONTENT, request.texts);
    const inFlight: InFlight = { ...call, trace: rpc.context, tenantId: 'unknown', modelRef: 'unknown' };
    return context.with(rpc.context, () =>
      this.counted(method, request, inFlight, rpc.span).finally(() => rpc.span.end()),
    );
  }

  private async counted(
    method: ClassifyMethod,
    request: ClassifyRequest,
    inFlight: InFlight,
    span: Span,
  ): Promise<ClassifyResponseInit> {
    const started = performance.now();
    try {
      const response = await this.answer(request, inFlight);
      this.countAnswered(method, request, inFlight, span, response, started);
      return response;
    } catch (error) {
      this.countFailed(method, inFlight, span, error);
      throw error;
    }
  }

  private async answer(request: ClassifyRequest, inFlight: InFlight): Promise<ClassifyResponseInit> {
    const { catalog, gate } = this.deps;
    const tenant = await this.authenticated(inFlight);
    inFlight.tenantId = tenant.id;
    inFlight.modelRef = (request.model && catalog.resolve(request.model)?.ref) || 'unknown';
    const head = await this.deps.heads
      ?.resolve(tenant, request.model)
      .catch((error: unknown) => (error instanceof ApiError ? error : Promise.reject(error)));
    const validated = validateClassifyRequest(
      request,
      catalog,
      this.deps.limits,
      PRIORITY_OF[tenant.defaultPriority],
      head,
    );
    inFlight.modelRef = validated.model.ref;
    gate.authorizeModel(tenant, validated.model.name);
    const admitted = await this.admitted(tenant, validated, inFlight);
    inFlight.onAdmitted?.(admitted.metadata);
    try {
      const response = await this.computed(tenant, validated, inFlight);
      this.recordUsage(tenant, validated, response);
      return response;
    } finally {
      gate.release(admitted.leases);
    }
  }

  private authenticated(inFlight: InFlight): Promise<TenantSpec> {
    return inSpan(
      gatewayTracer,
      'sieve.auth',
      {},
      async (span) => {
        const spec = await inFlight.tenantOf;
        span.setAttribute(ATTR.TENANT, spec.id);
        return spec;
      },
      inFlight.trace,
    );
  }

  /** The tenant's quota for these texts (and their tokens, when the tenant has a token limit). */
  private admitted(tenant: TenantSpec, validated: ValidatedRequest, inFlight: InFlight) {
    const { gate, tokenCounter } = this.deps;
    return inSpan(
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
        return gate.admit(tenant, validated.model.ref, validated.job.texts.length, inFlight.deadline, tokens);
      },
      inFlight.trace,
    );
  }

  /** The answer: from the response cache where it holds the texts, otherwise computed by a worker. */
  private computed(
    tenant: TenantSpec,
    validated: ValidatedRequest,
    inFlight: InFlight,
  ): Promise<ClassifyResponseInit> {
    const { dispatcher, responseCache } = this.deps;
    const { deadline, signal } = inFlight;
    const dispatch = (request: ValidatedRequest) =>
      dispatcher.classify(request, {
        deadline,
        signal,
        tenant: { id: tenant.id, weight: tenant.weight },
        trace: inFlight.trace,
      });
    if (!responseCache) return dispatch(validated);
    return responseCache.classify(
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
    );
  }

  private recordUsage(tenant: TenantSpec, validated: ValidatedRequest, response: ClassifyResponseInit): void {
    const inference = response.timings?.inference;
    this.deps.gate.record({
      tenantId: tenant.id,
      model: validated.model.ref,
      requests: 1,
      texts: validated.job.texts.length,
      tokens: Number(response.tokenCount ?? 0),
      cachedTexts: response.results?.filter((result) => result.cached).length ?? 0,
      inferenceMs: inference ? Number(inference.seconds ?? 0) * 1000 + Number(inference.nanos ?? 0) / 1e6 : 0,
    });
  }

  private countAnswered(
    method: ClassifyMethod,
    request: ClassifyRequest,
    { tenantId, modelRef }: InFlight,
    span: Span,
    response: ClassifyResponseInit,
    started: number,
  ): void {
    const { metrics, log } = this.deps;
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
  }

  private countFailed(
    method: ClassifyMethod,
    { tenantId, modelRef }: InFlight,
    span: Span,
    error: unknown,
  ): void {
    const code = error instanceof ApiError ? codeNameOf(error.code) : 'INTERNAL';
    span.setAttributes({ [ATTR.TENANT]: tenantId, [ATTR.MODEL]: modelRef });
    markSpanFailed(span, error instanceof ApiError ? error : new ApiError(status.INTERNAL, String(error)));
    this.deps.log.debug({ method, code, tenant: tenantId, model: modelRef }, 'classify answered');
    this.deps.metrics.requests.inc({ method, code, tenant: tenantId, model: modelRef });
  }
}
