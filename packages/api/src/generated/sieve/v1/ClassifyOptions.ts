// Original file: sieve/v1/classification.proto

import type { Truncation as _sieve_v1_Truncation, Truncation__Output as _sieve_v1_Truncation__Output } from '../../sieve/v1/Truncation';

/**
 * Per-call options, the same for Classify, ClassifyStream and batch jobs.
 */
export interface ClassifyOptions {
  /**
   * Return only the k best labels. 0 returns every label. Must not exceed the model's label count.
   */
  'topK'?: (number);
  /**
   * Return raw logits instead of probabilities (softmax, or sigmoid for single-logit models).
   */
  'rawScores'?: (boolean);
  'truncation'?: (_sieve_v1_Truncation);
}

/**
 * Per-call options, the same for Classify, ClassifyStream and batch jobs.
 */
export interface ClassifyOptions__Output {
  /**
   * Return only the k best labels. 0 returns every label. Must not exceed the model's label count.
   */
  'topK': (number);
  /**
   * Return raw logits instead of probabilities (softmax, or sigmoid for single-logit models).
   */
  'rawScores': (boolean);
  'truncation': (_sieve_v1_Truncation__Output);
}
