// Original file: sieve/v1/classification.proto

import type { LabelScore as _sieve_v1_LabelScore, LabelScore__Output as _sieve_v1_LabelScore__Output } from '../../sieve/v1/LabelScore';

/**
 * The result for one input text.
 */
export interface TextClassification {
  /**
   * Sorted by score, best first.
   */
  'labels'?: (_sieve_v1_LabelScore)[];
  /**
   * Tokens the model saw, including special tokens, after truncation.
   */
  'tokenCount'?: (number);
  /**
   * True when the text was longer than the model's maximum length and was cut.
   */
  'truncated'?: (boolean);
  /**
   * True when the text was not computed for this call: its answer came from the response cache, or from the same
   * text's computation for a concurrent call of the same tenant (or an earlier place in this call).
   */
  'cached'?: (boolean);
}

/**
 * The result for one input text.
 */
export interface TextClassification__Output {
  /**
   * Sorted by score, best first.
   */
  'labels': (_sieve_v1_LabelScore__Output)[];
  /**
   * Tokens the model saw, including special tokens, after truncation.
   */
  'tokenCount': (number);
  /**
   * True when the text was longer than the model's maximum length and was cut.
   */
  'truncated': (boolean);
  /**
   * True when the text was not computed for this call: its answer came from the response cache, or from the same
   * text's computation for a concurrent call of the same tenant (or an earlier place in this call).
   */
  'cached': (boolean);
}
