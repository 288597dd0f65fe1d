import { ApiError, type FieldViolation, type HeadSpec, type TrainingExample } from '@sieve/api';
import { HEAD_NAME_PATTERN, type ClassWeighting, type StagedExample } from '@sieve/heads';
import type { CatalogEntry, ModelCatalog } from '../models/model-catalog.ts';
import {
  MAX_MODEL_NAME_CHARS,
  modelNotFound,
  textProblem,
  NOT_UTF8,
} from '../inference/request-validation.ts';
import { invalidUtf8Fields } from '../edge/utf8-field-check.ts';

export interface ValidatedHeadSpec {
  base: CatalogEntry;
  name: string;
  labels: string[];
  holdoutFraction: number;
  hiddenUnits: number;
  classWeighting: ClassWeighting;
  idempotencyKey: string;
}

export const MAX_LABELS = 1000;
const MAX_LABEL_CHARS = 256;
const MAX_HIDDEN_UNITS = 1024;
const DEFAULT_HOLDOUT_FRACTION = 0.2;
const MAX_VIOLATIONS = 20;
export const CLASS_WEIGHTING: Record<string, ClassWeighting> = {
  CLASS_WEIGHTING_UNSPECIFIED: 'sqrt-inverse',
  CLASS_WEIGHTING_SQRT_INVERSE: 'sqrt-inverse',
  CLASS_WEIGHTING_INVERSE: 'inverse',
  CLASS_WEIGHTING_NONE: 'none',
};

/** The first message of a Train stream, checked completely before anything is staged. */
export function validateHeadSpec(spec: HeadSpec, catalog: ModelCatalog): ValidatedHeadSpec {
  const violations: FieldViolation[] = [];
  const violate = (field: string, description: string) => {
    if (violations.length < MAX_VIOLATIONS) violations.push({ field, description });
  };
  for (const field of invalidUtf8Fields(spec)) violate(`spec.${field}`, NOT_UTF8);
  if (!spec.baseModel) violate('spec.base_model', 'required: a served model, "name" or "name@version"');
  else if (spec.baseModel.length > MAX_MODEL_NAME_CHARS || spec.baseModel.includes('+')) {
    violate('spec.base_model', 'must name a served model ("name" or "name@version"), not a head');
  }
  if (!HEAD_NAME_PATTERN.test(spec.name)) {
    violate(
      'spec.name',
      'required: lowercase letters, digits and "-", starting with a letter or digit (at most 63)',
    );
  }
  const labels = spec.labels ?? [];
  if (labels.length < 2 || labels.length > MAX_LABELS) {
    violate('spec.labels', `${labels.length} labels; a head needs 2 to ${MAX_LABELS}`);
  }
  const seen = new Set<string>();
  labels.forEach((label, index) => {
    if (label.trim() === '' || label.length > MAX_LABEL_CHARS) {
      violate(`spec.labels[${index}]`, `must be 1 to ${MAX_LABEL_CHARS} characters, not blank`);
    } else if (seen.has(label)) violate(`spec.labels[${index}]`, `"${label}" is named twice`);
    seen.add(label);
  });
  const holdoutFraction = spec.holdoutFraction === 0 ? DEFAULT_HOLDOUT_FRACTION : spec.holdoutFraction;
  if (!(holdoutFraction >= 0.05 && holdoutFraction <= 0.5)) {
    violate(
      'spec.holdout_fraction',
      `must be 0.05 to 0.5 (0 means ${DEFAULT_HOLDOUT_FRACTION}), got ${spec.holdoutFraction}`,
    );
  }
  if (spec.hiddenUnits > MAX_HIDDEN_UNITS) {
    violate(
      'spec.hidden_units',
      `must be 0 (softmax regression) to ${MAX_HIDDEN_UNITS}, got ${spec.hiddenUnits}`,
    );
  }
  const classWeighting = CLASS_WEIGHTING[String(spec.classWeighting)];
  if (!classWeighting)
    violate('spec.class_weighting', `unknown value ${JSON.stringify(spec.classWeighting)}`);
  if (spec.idempotencyKey.length > 256) {
    violate('spec.idempotency_key', `${spec.idempotencyKey.length} characters exceed the limit of 256`);
  }
  if (violations.length > 0) throw ApiError.invalidArgument(violations);
  const base = catalog.resolve(spec.baseModel);
  if (!base) throw modelNotFound(spec.baseModel, catalog);
  return {
    base,
    name: spec.name,
    labels: [...labels],
    holdoutFraction,
    hiddenUnits: spec.hiddenUnits,
    classWeighting: classWeighting!,
    idempotencyKey: spec.idempotencyKey,
  };
}

/**
 * One message's examples. A problem names the message, the example within it and its position in the whole upload
 * (the client's line), and every problem of the message is reported at once (up to 20).
 */
export function validateTrainingExamples(
  examples: readonly TrainingExample[],
  position: { message: number; firstIndex: number },
  labelIndex: ReadonlyMap<string, number>,
  maxTextBytes: number,
): StagedExample[] {
  const violations: FieldViolation[] = [];
  const violate = (field: string, description: string) => {
    if (violations.length < MAX_VIOLATIONS) violations.push({ field, description });
  };
  if (examples.length === 0) {
    violate(`messages[${position.message}].examples.examples`, 'a message needs at least one example');
  }
  const staged = examples.map((example, i): StagedExample => {
    const field = `messages[${position.message}].examples.examples[${i}]`;
    const where = `(example ${position.firstIndex + i})`;
    const problem = textProblem(example.text, maxTextBytes);
    if (problem) violate(`${field}.text`, `${problem} ${where}`);
    for (const invalid of invalidUtf8Fields(example)) violate(`${field}.${invalid}`, `${NOT_UTF8} ${where}`);
    const label = labelIndex.get(example.label);
    if (label === undefined) {
      violate(`${field}.label`, `"${example.label}" is not one of the spec's labels ${where}`);
    }
    return [example.text, label ?? -1];
  });
  if (violations.length > 0) throw ApiError.invalidArgument(violations);
  return staged;
}
