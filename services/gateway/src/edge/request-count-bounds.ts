import { MAX_LABELS } from '../heads/head-request-validation.ts';
import type { RepeatedFieldBound } from './repeated-field-bounds.ts';

export interface CountLimits {
  /** SIEVE_MAX_TEXTS_PER_CALL. */
  maxTextsPerCall: number;
  /** SIEVE_MAX_ITEMS_PER_MESSAGE: batch items or training examples in one upload message. */
  maxItemsPerMessage: number;
}

type MethodBounds = Partial<Record<string, readonly RepeatedFieldBound[]>>;

/**
 * Every repeated field of a tenant's request whose entries each become an object when decoded, with the most a
 * valid message can hold: checked on the wire before decoding (checked-request-decoding). Per service, by method.
 */
export function requestCountBounds(limits: CountLimits): {
  inference: MethodBounds;
  batches: MethodBounds;
  heads: MethodBounds;
} {
  const texts = { field: 'texts', max: limits.maxTextsPerCall, noun: 'texts', per: 'call' };
  const items = { max: limits.maxItemsPerMessage, per: 'message' };
  return {
    inference: {
      Classify: [{ path: ['texts'], ...texts }],
      // Named as Classify would name it: the stream's answer carries what Classify would have returned.
      ClassifyStream: [{ path: ['request', 'texts'], ...texts, answeredPerMessage: true }],
    },
    batches: { Submit: [{ path: ['chunk', 'items'], field: 'chunk.items', noun: 'items', ...items }] },
    heads: {
      Train: [
        { path: ['spec', 'labels'], field: 'spec.labels', max: MAX_LABELS, noun: 'labels', per: 'head' },
        { path: ['examples', 'examples'], field: 'examples.examples', noun: 'examples', ...items },
      ],
    },
  };
}
