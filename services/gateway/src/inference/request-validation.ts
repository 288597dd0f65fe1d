import { status } from '@grpc/grpc-js';
import {
  ApiError,
  truncationModeOfName,
  type ClassifyOptions,
  type ClassifyRequest,
  type FieldViolation,
} from '@sieve/api';
import { TRUNCATION_CODE_OF_MODE, type JobRequest, type TruncationCode } from '@sieve/queue';
import type { ResolvedHead } from '../heads/resolved-head.ts';
import type { CatalogEntry, ModelCatalog } from '../models/model-catalog.ts';
import { invalidUtf8Fields } from '../edge/utf8-field-check.ts';

export interface ValidationLimits {
  maxTextsPerCall: number;
  maxTextBytes: number;
}

export interface ValidatedRequest {
  model: CatalogEntry;
  job: Omit<JobRequest, 'id' | 'deadline' | 'acceptedAt'>;
  requestId: string;
}

/** Lower runs first; batch jobs use 3. */
export const PRIORITY: Record<string, number> = {
  PRIORITY_UNSPECIFIED: 1,
  PRIORITY_HIGH: 0,
  PRIORITY_NORMAL: 1,
  PRIORITY_LOW: 2,
};
const MAX_VIOLATIONS = 20;
/** Longer than any "name@sha256:<hex>"; a bound, because the name is echoed in errors and trailers have limits. */
export const MAX_MODEL_NAME_CHARS = 256;
export const NOT_UTF8 = 'not valid UTF-8 (proto3 strings must be)';
/** How long a model that lost all its workers answers UNAVAILABLE (retry) before it answers NOT_FOUND. */
const MODEL_MEMORY_MS = 10 * 60_000;

/**
 * Checks a Classify request completely before anything touches Redis. Every problem is reported at once, each
 * naming its field and index, so a caller fixes a bad batch in one round.
 */
export function validateClassifyRequest(
  request: ClassifyRequest,
  catalog: ModelCatalog,
  limits: ValidationLimits,
  defaultPriority = 1,
  /** `MODEL+HEAD` resolved beforehand (or why it cannot be), reported after the request's own problems. */
  head?: ResolvedHead | ApiError,
): ValidatedRequest {
  const violations: FieldViolation[] = [];
  const violate = (field: string, description: string) => {
    if (violations.length < MAX_VIOLATIONS) violations.push({ field, description });
  };

  if (!request.model) violate('model', 'required: a model name, "name@version" or "name@sha256:<hex>"');
  else if (request.model.length > MAX_MODEL_NAME_CHARS)
    violate('model', `${request.model.length} characters exceed the limit of ${MAX_MODEL_NAME_CHARS}`);
  for (const field of invalidUtf8Fields(request)) violate(field, NOT_UTF8);
  const texts = request.texts ?? [];
  if (texts.length === 0) violate('texts', 'at least one text is required');
  if (texts.length > limits.maxTextsPerCall) {
    violate('texts', `${texts.length} texts exceed the limit of ${limits.maxTextsPerCall} per call`);
  } else {
    texts.forEach((text, index) => {
      const problem = textProblem(text, limits.maxTextBytes);
      if (problem) violate(`texts[${index}]`, problem);
    });
  }
  const model =
    head instanceof ApiError
      ? undefined
      : head
        ? head.model
        : request.model
          ? catalog.resolve(request.model)
          : undefined;
  const options = validateOptions(request.options, model, violate);
  const priority =
    request.priority === 'PRIORITY_UNSPECIFIED' ? defaultPriority : PRIORITY[String(request.priority)];
  if (priority === undefined) violate('priority', `unknown value ${JSON.stringify(request.priority)}`);
  if (request.requestId.length > 128)
    violate('request_id', `${request.requestId.length} characters exceed the limit of 128`);
  if (violations.length > 0) throw ApiError.invalidArgument(violations);
  if (head instanceof ApiError) throw head;
  if (!model) throw modelNotFound(request.model, catalog);
  return {
    model,
    requestId: request.requestId,
    job: { texts, ...options, priority: priority!, ...(head ? { head: head.job } : {}) },
  };
}

/** Why a text cannot be classified, or undefined when it can. */
export function textProblem(text: string, maxTextBytes: number): string | undefined {
  if (text.trim().length === 0) return text.length === 0 ? 'empty text' : 'text is only whitespace';
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxTextBytes) return `${bytes} bytes exceed the limit of ${maxTextBytes} bytes per text`;
  return undefined;
}

/** ClassifyOptions checked against the model (when known), in the job's compact form. */
export function validateOptions(
  options: ClassifyOptions | null | undefined,
  model: CatalogEntry | undefined,
  violate: (field: string, description: string) => void,
): { topK: number; raw: boolean; truncation: TruncationCode } {
  const given = options ?? { topK: 0, rawScores: false, truncation: 'TRUNCATION_UNSPECIFIED' };
  const mode = truncationModeOfName(given.truncation);
  const truncation = mode && TRUNCATION_CODE_OF_MODE[mode];
  if (!truncation) violate('options.truncation', `unknown value ${JSON.stringify(given.truncation)}`);
  if (!Number.isInteger(given.topK) || given.topK < 0)
    violate('options.top_k', `must be >= 0 (0 returns all labels), got ${given.topK}`);
  if (model && given.topK > model.labels.length) {
    violate('options.top_k', `${given.topK} exceeds the ${model.labels.length} labels of ${model.ref}`);
  }
  return { topK: given.topK, raw: given.rawScores, truncation: truncation ?? 'r' };
}

export function modelNotFound(requested: string, catalog: ModelCatalog): ApiError {
  // With Redis unreachable the catalog is empty for lack of news, not because the model is gone: retryable.
  if (!catalog.backendReachable) {
    return ApiError.withReason(
      status.UNAVAILABLE,
      'BACKEND_UNAVAILABLE',
      'the queue backend (Redis) cannot be reached right now; retry',
      { retryDelayMs: 1000 },
    );
  }
  // Served until moments ago (every worker restarting, a registry lease lapsed during a Redis blip): retryable.
  const since = catalog.msSinceServed(requested);
  if (since !== undefined && since < MODEL_MEMORY_MS) {
    return ApiError.withReason(
      status.UNAVAILABLE,
      'MODEL_NOT_SERVING',
      `model "${requested}" has no live worker right now (last served ${Math.round(since / 1000)} s ago); retry`,
      { retryDelayMs: 1000 },
    );
  }
  const known = catalog.list().map((entry) => entry.ref);
  return ApiError.withReason(
    status.NOT_FOUND,
    'MODEL_NOT_FOUND',
    `model "${requested}" is not served here${known.length ? ` (served: ${known.join(', ')})` : ' (no model is served right now)'}`,
    { resourceInfo: { resourceType: 'sieve.v1.Model', resourceName: requested } },
  );
}
