import { status } from '@grpc/grpc-js';
import { ApiError } from '@sieve/api';
import { httpStatusOf, retryAfterSecondsOf } from '../edge/error-status.ts';
import type { Json, JsonObject } from './proto-json.ts';

// Hugging Face Text Embeddings Inference's classification routes, shaped as its OpenAPI document (docs/openapi.json
// of text-embeddings-inference) and router tests say: POST /predict, GET /info, GET /health, errors as
// {"error", "error_type"}. Pure: what a TEI request means as a ClassifyRequest, and a sieve answer as TEI's.

/** TEI's ErrorType as its JSON carries it (serde's unit-variant names, capitalised); the last three are sieve's, for what TEI has no type for. */
export type TeiErrorType =
  | 'Unhealthy'
  | 'Backend'
  | 'Overloaded'
  | 'Validation'
  | 'Tokenizer'
  | 'Empty'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound';

export interface TeiError {
  status: number;
  body: { error: string; error_type: TeiErrorType };
  retryAfterSeconds?: number;
}

/** A /predict body as the ClassifyRequest fields it sets, and whether the answer is a batch (a list of lists). */
export interface TeiPredict {
  texts: string[];
  batch: boolean;
  options: { rawScores: boolean; truncation: 'TRUNCATION_NONE' | 'TRUNCATION_RIGHT' | 'TRUNCATION_LEFT' };
}

const teiError = (http: number, error_type: TeiErrorType, error: string): TeiError => ({
  status: http,
  body: { error, error_type },
});

/**
 * TEI's PredictInput: "text" (one), ["a", "b"] (a pair, one input), or a batch of one- or two-string lists. Pairs
 * (cross-encoders) are refused: sieve's models classify one text. `truncate` false (TEI's default) refuses a text
 * longer than the model's input, as TEI does; true cuts it on `truncation_direction`'s side.
 */
export function teiPredictOf(body: unknown): TeiPredict | TeiError {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return teiError(422, 'Validation', 'the body must be a JSON object with "inputs"');
  }
  const { inputs, raw_scores, truncate, truncation_direction, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) return teiError(422, 'Validation', `unknown field "${unknown[0]}"`);
  if (raw_scores !== undefined && raw_scores !== null && typeof raw_scores !== 'boolean')
    return teiError(422, 'Validation', '"raw_scores" must be true or false');
  if (truncate !== undefined && truncate !== null && typeof truncate !== 'boolean')
    return teiError(422, 'Validation', '"truncate" must be true or false');
  const direction = truncation_direction ?? 'Right';
  if (!['Left', 'Right', 'left', 'right'].includes(direction as string))
    return teiError(422, 'Validation', '"truncation_direction" must be "Left" or "Right"');
  const options: TeiPredict['options'] = {
    rawScores: raw_scores === true,
    truncation:
      truncate !== true
        ? 'TRUNCATION_NONE'
        : /^l/i.test(String(direction))
          ? 'TRUNCATION_LEFT'
          : 'TRUNCATION_RIGHT',
  };
  const pairs = teiError(413, 'Validation', 'text pairs are not supported: each input is one text');
  if (typeof inputs === 'string') return { texts: [inputs], batch: false, options };
  if (!Array.isArray(inputs))
    return teiError(422, 'Validation', '"inputs" must be a string, a pair or a batch');
  if (inputs.length === 0) return teiError(400, 'Empty', 'batch is empty');
  if (inputs.every((input) => typeof input === 'string')) return pairs;
  const texts: string[] = [];
  for (const input of inputs) {
    if (!Array.isArray(input) || !input.every((part) => typeof part === 'string') || input.length === 0)
      return teiError(422, 'Validation', 'each input of a batch must be ["text"] or ["text", "text"]');
    if (input.length !== 1) return pairs;
    texts.push(input[0] as string);
  }
  return { texts, batch: true, options };
}

interface Prediction {
  score: number;
  label: string;
}

/** TEI's PredictResponse: per text every label's score, highest first; a list of those for a batch. */
export function teiPredictionsOf(response: JsonObject, batch: boolean): Prediction[] | Prediction[][] {
  const results = (response.results as JsonObject[] | undefined) ?? [];
  const perText = results.map((result) =>
    ((result.labels as JsonObject[] | undefined) ?? [])
      .map((entry) => ({ score: Number(entry.score ?? 0), label: String(entry.label ?? '') }))
      .sort((a, b) => b.score - a.score),
  );
  return batch ? perText : (perText[0] ?? []);
}

/** TEI's model_dtype names for sieve's dtypes. */
const TEI_DTYPE: Record<string, string> = { fp32: 'float32', fp16: 'float16' };

/** TEI's Info for the model /predict serves (a sieve Model in proto3 JSON) and the gateway's limits. */
export function teiInfoOf(
  model: JsonObject,
  limits: { maxConcurrentRequests: number; maxClientBatchSize: number; version: string },
): Record<string, Json> {
  const labels = ((model.labels as string[] | undefined) ?? []).map(String);
  const maxInputLength = Number(model.maxLength ?? 0);
  const dtype = String(model.dtype ?? '');
  return {
    model_id: `${String(model.name)}@${String(model.version)}`,
    model_sha: String(model.digest ?? '') || null,
    model_dtype: TEI_DTYPE[dtype] ?? dtype,
    model_type: {
      classifier: {
        id2label: Object.fromEntries(labels.map((label, i) => [String(i), label])),
        label2id: Object.fromEntries(labels.map((label, i) => [label, i])),
      },
    },
    max_concurrent_requests: limits.maxConcurrentRequests,
    max_input_length: maxInputLength,
    max_batch_tokens: maxInputLength * limits.maxClientBatchSize,
    max_batch_requests: null,
    max_client_batch_size: limits.maxClientBatchSize,
    auto_truncate: false,
    tokenization_workers: Number(model.workerCount ?? 0),
    version: limits.version,
    sha: null,
    docker_label: null,
  };
}

/**
 * A sieve error as TEI answers: its status codes (413 validation, 429 overloaded, 503 unhealthy, 424 backend) where
 * TEI has the case, sieve's own status from the one table where it does not (401, 403, 404).
 */
export function teiErrorOf(error: ApiError): TeiError {
  const answer = (http: number, type: TeiErrorType): TeiError => {
    const retryAfterSeconds = retryAfterSecondsOf(error);
    return {
      ...teiError(http, type, error.message),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    };
  };
  switch (error.code) {
    case status.INVALID_ARGUMENT:
    case status.OUT_OF_RANGE:
    case status.FAILED_PRECONDITION:
      return answer(413, 'Validation');
    case status.RESOURCE_EXHAUSTED:
      return answer(429, 'Overloaded');
    case status.UNAVAILABLE:
      return answer(503, 'Unhealthy');
    case status.UNAUTHENTICATED:
      return answer(httpStatusOf(error), 'Unauthorized');
    case status.PERMISSION_DENIED:
      return answer(httpStatusOf(error), 'Forbidden');
    case status.NOT_FOUND:
      return answer(httpStatusOf(error), 'NotFound');
    default:
      return answer(424, 'Backend');
  }
}

/** The OpenAPI schemas of the TEI routes, for /openapi.json. */
export const TEI_SCHEMAS: Record<string, Json> = {
  TeiPredictRequest: {
    type: 'object',
    required: ['inputs'],
    properties: {
      inputs: {
        oneOf: [
          { type: 'string' },
          { type: 'array', items: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 1 } },
        ],
      },
      raw_scores: { type: 'boolean', default: false },
      truncate: { type: ['boolean', 'null'], default: false },
      truncation_direction: { type: 'string', enum: ['Left', 'Right'], default: 'Right' },
    },
  },
  TeiPrediction: {
    type: 'object',
    required: ['score', 'label'],
    properties: { score: { type: 'number' }, label: { type: 'string' } },
  },
  TeiPredictResponse: {
    oneOf: [
      { type: 'array', items: { $ref: '#/components/schemas/TeiPrediction' } },
      { type: 'array', items: { type: 'array', items: { $ref: '#/components/schemas/TeiPrediction' } } },
    ],
  },
  TeiInfo: {
    type: 'object',
    required: [
      'model_id',
      'model_dtype',
      'model_type',
      'max_input_length',
      'max_client_batch_size',
      'version',
    ],
    properties: {
      model_id: { type: 'string' },
      model_sha: { type: ['string', 'null'] },
      model_dtype: { type: 'string' },
      model_type: { type: 'object' },
      max_concurrent_requests: { type: 'integer' },
      max_input_length: { type: 'integer' },
      max_batch_tokens: { type: 'integer' },
      max_client_batch_size: { type: 'integer' },
      auto_truncate: { type: 'boolean' },
      tokenization_workers: { type: 'integer' },
      version: { type: 'string' },
    },
  },
  TeiError: {
    type: 'object',
    required: ['error', 'error_type'],
    properties: { error: { type: 'string' }, error_type: { type: 'string' } },
  },
};

/** A failure of sieve's own making as an ApiError, for the TEI table. */
export function teiUnavailable(message: string): ApiError {
  return new ApiError(status.UNAVAILABLE, message);
}
