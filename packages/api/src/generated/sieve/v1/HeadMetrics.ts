// Original file: sieve/v1/heads.proto

import type { LabelQuality as _sieve_v1_LabelQuality, LabelQuality__Output as _sieve_v1_LabelQuality__Output } from '../../sieve/v1/LabelQuality';
import type { ConfidenceInterval as _sieve_v1_ConfidenceInterval, ConfidenceInterval__Output as _sieve_v1_ConfidenceInterval__Output } from '../../sieve/v1/ConfidenceInterval';

/**
 * How the head did on its held-out examples, beside the majority-class baseline on the same examples.
 */
export interface HeadMetrics {
  'exampleCount'?: (number);
  'trainCount'?: (number);
  /**
   * Examples whose loss chose the epoch to keep (early stopping); never trained on.
   */
  'validationCount'?: (number);
  /**
   * Examples held out to measure the head: neither trained on nor used to stop.
   */
  'holdoutCount'?: (number);
  'holdoutAccuracy'?: (number | string);
  'holdoutMacroF1'?: (number | string);
  /**
   * Always answering the most frequent training label.
   */
  'baselineLabel'?: (string);
  'baselineAccuracy'?: (number | string);
  'baselineMacroF1'?: (number | string);
  'epochs'?: (number);
  'bestEpoch'?: (number);
  'labels'?: (_sieve_v1_LabelQuality)[];
  /**
   * "softmax" or "mlp".
   */
  'kind'?: (string);
  /**
   * Examples received; example_count is what was split after duplicates were collapsed.
   */
  'receivedCount'?: (number);
  /**
   * Examples whose text repeated an earlier example's once normalized (Unicode NFKC, lower-cased, whitespace
   * collapsed and trimmed): collapsed into it before the split, so no text is both trained on and held out.
   */
  'duplicateCount'?: (number);
  /**
   * Of duplicate_count, the repeats that were identical character for character.
   */
  'exactDuplicateCount'?: (number);
  /**
   * Distinct texts given more than one label: each takes its majority label; a tie is dropped.
   */
  'conflictCount'?: (number);
  'conflictDroppedCount'?: (number);
  /**
   * Percentile-bootstrap intervals of holdout_accuracy and holdout_macro_f1 over the held-out examples.
   */
  'holdoutAccuracyInterval'?: (_sieve_v1_ConfidenceInterval | null);
  'holdoutMacroF1Interval'?: (_sieve_v1_ConfidenceInterval | null);
}

/**
 * How the head did on its held-out examples, beside the majority-class baseline on the same examples.
 */
export interface HeadMetrics__Output {
  'exampleCount': (number);
  'trainCount': (number);
  /**
   * Examples whose loss chose the epoch to keep (early stopping); never trained on.
   */
  'validationCount': (number);
  /**
   * Examples held out to measure the head: neither trained on nor used to stop.
   */
  'holdoutCount': (number);
  'holdoutAccuracy': (number);
  'holdoutMacroF1': (number);
  /**
   * Always answering the most frequent training label.
   */
  'baselineLabel': (string);
  'baselineAccuracy': (number);
  'baselineMacroF1': (number);
  'epochs': (number);
  'bestEpoch': (number);
  'labels': (_sieve_v1_LabelQuality__Output)[];
  /**
   * "softmax" or "mlp".
   */
  'kind': (string);
  /**
   * Examples received; example_count is what was split after duplicates were collapsed.
   */
  'receivedCount': (number);
  /**
   * Examples whose text repeated an earlier example's once normalized (Unicode NFKC, lower-cased, whitespace
   * collapsed and trimmed): collapsed into it before the split, so no text is both trained on and held out.
   */
  'duplicateCount': (number);
  /**
   * Of duplicate_count, the repeats that were identical character for character.
   */
  'exactDuplicateCount': (number);
  /**
   * Distinct texts given more than one label: each takes its majority label; a tie is dropped.
   */
  'conflictCount': (number);
  'conflictDroppedCount': (number);
  /**
   * Percentile-bootstrap intervals of holdout_accuracy and holdout_macro_f1 over the held-out examples.
   */
  'holdoutAccuracyInterval': (_sieve_v1_ConfidenceInterval__Output | null);
  'holdoutMacroF1Interval': (_sieve_v1_ConfidenceInterval__Output | null);
}
