import { status } from '@grpc/grpc-js';
import { ApiError, type ClassifyRequest, type FieldViolation } from '@sieve/api';
import type { JobRequest, TruncationCode } from '@sieve/queue';
import type { CatalogEntry, ModelCatalog } from './model-catalog.ts';

export interface ValidationLimits {
  maxTextsPerCall: number;
  maxTextBytes: number;
}

export interface ValidatedRequest {
  model: CatalogEntry;
  job: Omit<JobRequest, 'id' | 'deadline' | 'acceptedAt'>;
  requestId: string;
}

const TRUNCATION: Record<string, TruncationCode> = {
  TRUNCATION_UNSPECIFIED: 'r',
  TRUNCATION_RIGHT: 'r',
  TRUNCATION_LEFT: 'l',
  TRUNCATION_NONE: 'n',
};
/** Lower runs first; batch jobs use 3. */
const PRIORITY: Record<string, number> = {
  PRIORITY_UNSPECIFIED: 1,
  PRIORITY_HIGH: 0,
  PRIORITY_NORMAL: 1,
  PRIORITY_LOW: 2,
};
const MAX_VIOLATIONS = 20;

/**
 * Checks a Classify request completely before anything touches Redis. Every problem is reported at once, each
 * naming its field and index, so a caller fixes a bad batch in one round.
 */
export function validateClassifyRequest(
  request: ClassifyRequest,
  catalog: ModelCatalog,
  limits: ValidationLimits,
  defaultPriority = 1,
): ValidatedRequest {
  const violations: FieldViolation[] = [];
  const violate = (field: string, description: string) => {
    if (violations.length < MAX_VIOLATIONS) violations.push({ field, description });
  };

  if (!request.model) violate('model', 'required: a model name, "name@version" or "name@sha256:<hex>"');
  const texts = request.texts ?? [];
  if (texts.length === 0) violate('texts', 'at least one text is required');
  if (texts.length > limits.maxTextsPerCall) {
    violate('texts', `${texts.length} texts exceed the limit of ${limits.maxTextsPerCall} per call`);
  } else {
    texts.forEach((text, index) => {
      if (text.trim().length === 0)
        violate(`texts[${index}]`, text.length === 0 ? 'empty text' : 'text is only whitespace');
      else {
        const bytes = Buffer.byteLength(text, 'utf8');
        if (bytes > limits.maxTextBytes)
          violate(
            `texts[${index}]`,
            `${bytes} bytes exceed the limit of ${limits.maxTextBytes} bytes per text`,
          );
      }
    });
  }
  const options = request.options ?? { topK: 0, rawScores: false, truncation: 'TRUNCATION_UNSPECIFIED' };
  const truncation = TRUNCATION[String(options.truncation)];
  if (!truncation) violate('options.truncation', `unknown value ${JSON.stringify(options.truncation)}`);
  const priority =
    request.priority === 'PRIORITY_UNSPECIFIED' ? defaultPriority : PRIORITY[String(request.priority)];
  if (priority === undefined) violate('priority', `unknown value ${JSON.stringify(request.priority)}`);
  if (request.requestId.length > 128)
    violate('request_id', `${request.requestId.length} characters exceed the limit of 128`);
  if (!Number.isInteger(options.topK) || options.topK < 0)
    violate('options.top_k', `must be >= 0 (0 returns all labels), got ${options.topK}`);

  const model = request.model ? catalog.resolve(request.model) : undefined;
  if (model && options.topK > model.labels.length) {
    violate('options.top_k', `${options.topK} exceeds the ${model.labels.length} labels of ${model.ref}`);
  }
  if (violations.length > 0) throw ApiError.invalidArgument(violations);
  if (!model) {
    const known = catalog.list().map((entry) => entry.ref);
    throw ApiError.withReason(
      status.NOT_FOUND,
      'MODEL_NOT_FOUND',
      `model "${request.model}" is not served here${known.length ? ` (served: ${known.join(', ')})` : ' (no model is served right now)'}`,
      { resourceInfo: { resourceType: 'sieve.v1.Model', resourceName: request.model } },
    );
  }
  return {
    model,
    requestId: request.requestId,
    job: { texts, topK: options.topK, raw: options.rawScores, truncation: truncation!, priority: priority! },
  };
}
