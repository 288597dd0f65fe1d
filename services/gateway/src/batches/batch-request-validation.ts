import { ApiError, type BatchItem, type BatchSpec, type FieldViolation } from '@sieve/api';
import type { BatchOptions, StoredItem } from '@sieve/batches';
import type { JobHead } from '@sieve/queue';
import type { ResolvedHead } from '../heads/resolved-head.ts';
import type { CatalogEntry, ModelCatalog } from '../models/model-catalog.ts';
import {
  MAX_MODEL_NAME_CHARS,
  modelNotFound,
  NOT_UTF8,
  textProblem,
  validateOptions,
} from '../inference/request-validation.ts';
import { invalidUtf8Fields } from '../edge/utf8-field-check.ts';

export interface BatchLimits {
  maxTextBytes: number;
  defaultRetentionMs: number;
  maxRetentionMs: number;
}

export interface ValidatedBatchSpec {
  model: CatalogEntry;
  /** Set when the spec named `MODEL+HEAD`: the tenant's head scores the batch. */
  head?: JobHead;
  options: BatchOptions;
  idempotencyKey: string;
  displayName: string;
  retentionMs: number;
}

const MAX_VIOLATIONS = 20;

/** The first message of a Submit stream, checked completely before anything is staged. */
export function validateBatchSpec(
  spec: BatchSpec,
  catalog: ModelCatalog,
  limits: BatchLimits,
  /** `MODEL+HEAD` resolved beforehand (or why it cannot be), reported after the spec's own problems. */
  head?: ResolvedHead | ApiError,
): ValidatedBatchSpec {
  const violations: FieldViolation[] = [];
  const violate = (field: string, description: string) => violations.push({ field, description });
  if (!spec.model) violate('spec.model', 'required: a model name, "name@version" or "name@sha256:<hex>"');
  else if (spec.model.length > MAX_MODEL_NAME_CHARS)
    violate('spec.model', `${spec.model.length} characters exceed the limit of ${MAX_MODEL_NAME_CHARS}`);
  for (const field of invalidUtf8Fields(spec)) violate(`spec.${field}`, NOT_UTF8);
  if (!spec.idempotencyKey) {
    violate('spec.idempotency_key', 'required: a retried Submit with the same key returns the same batch');
  } else if (spec.idempotencyKey.length > 256) {
    violate('spec.idempotency_key', `${spec.idempotencyKey.length} characters exceed the limit of 256`);
  }
  if (spec.displayName.length > 256)
    violate('spec.display_name', `${spec.displayName.length} characters exceed the limit of 256`);
  let retentionMs = limits.defaultRetentionMs;
  if (spec.resultRetention) {
    retentionMs = Number(spec.resultRetention.seconds) * 1000 + Math.round(spec.resultRetention.nanos / 1e6);
    if (!(retentionMs > 0)) violate('spec.result_retention', 'must be positive');
    else if (retentionMs > limits.maxRetentionMs) {
      violate(
        'spec.result_retention',
        `${retentionMs / 1000} s exceeds this server's maximum of ${limits.maxRetentionMs / 1000} s`,
      );
    }
  }
  const model =
    head instanceof ApiError
      ? undefined
      : head
        ? head.model
        : spec.model
          ? catalog.resolve(spec.model)
          : undefined;
  const options = validateOptions(spec.options, model, (field, description) =>
    violate(`spec.${field}`, description),
  );
  if (violations.length > 0) throw ApiError.invalidArgument(violations);
  if (head instanceof ApiError) throw head;
  if (!model) throw modelNotFound(spec.model, catalog);
  return {
    model,
    ...(head ? { head: head.job } : {}),
    options,
    idempotencyKey: spec.idempotencyKey,
    displayName: spec.displayName,
    retentionMs,
  };
}

/**
 * One chunk message's items. A problem names the message, the item within it and its position in the whole input,
 * so that a client finds the bad line of its file; every problem of the message is reported at once (up to 20).
 */
export function validateBatchItems(
  items: readonly BatchItem[],
  position: { message: number; firstIndex: number },
  limits: Pick<BatchLimits, 'maxTextBytes'>,
): StoredItem[] {
  const violations: FieldViolation[] = [];
  const violate = (field: string, description: string) => {
    if (violations.length < MAX_VIOLATIONS) violations.push({ field, description });
  };
  if (items.length === 0)
    violate(`messages[${position.message}].chunk.items`, 'a chunk needs at least one item');
  items.forEach((item, i) => {
    const field = `messages[${position.message}].chunk.items[${i}]`;
    const where = `(input item ${position.firstIndex + i})`;
    for (const invalid of invalidUtf8Fields(item)) violate(`${field}.${invalid}`, `${NOT_UTF8} ${where}`);
    const problem = textProblem(item.text, limits.maxTextBytes);
    if (problem) violate(`${field}.text`, `${problem} ${where}`);
    if (item.id.length > 256)
      violate(`${field}.id`, `${item.id.length} characters exceed the limit of 256 ${where}`);
  });
  if (violations.length > 0) throw ApiError.invalidArgument(violations);
  return items.map((item) => [item.id, item.text]);
}
