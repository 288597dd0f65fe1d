// Original file: sieve/v1/heads.proto

import type { LabelQuality as _sieve_v1_LabelQuality, LabelQuality__Output as _sieve_v1_LabelQuality__Output } from '../../sieve/v1/LabelQuality';

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
}
