// Original file: sieve/v1/heads.proto

import type { ClassWeighting as _sieve_v1_ClassWeighting, ClassWeighting__Output as _sieve_v1_ClassWeighting__Output } from '../../sieve/v1/ClassWeighting';

export interface HeadSpec {
  /**
   * The model whose pooled features the head reads: "name" or "name@version". It must be served: one of its
   * workers computes the features and trains.
   */
  'baseModel'?: (string);
  /**
   * Lowercase letters, digits and "-", starting with a letter or a digit, at most 63 characters.
   */
  'name'?: (string);
  /**
   * The head's labels, in the order of its outputs (2 to 1000, distinct); every example's label is one of them.
   */
  'labels'?: (string)[];
  /**
   * Share of each label held out to measure the head, never trained on. 0 means 0.2; otherwise 0.05 to 0.5.
   */
  'holdoutFraction'?: (number | string);
  /**
   * A retried Train with the same key (same tenant) returns the same head version. Optional.
   */
  'idempotencyKey'?: (string);
  /**
   * 0: softmax regression. n (1 to 1024): a small MLP with one hidden ReLU layer of n units.
   */
  'hiddenUnits'?: (number);
  'classWeighting'?: (_sieve_v1_ClassWeighting);
}

export interface HeadSpec__Output {
  /**
   * The model whose pooled features the head reads: "name" or "name@version". It must be served: one of its
   * workers computes the features and trains.
   */
  'baseModel': (string);
  /**
   * Lowercase letters, digits and "-", starting with a letter or a digit, at most 63 characters.
   */
  'name': (string);
  /**
   * The head's labels, in the order of its outputs (2 to 1000, distinct); every example's label is one of them.
   */
  'labels': (string)[];
  /**
   * Share of each label held out to measure the head, never trained on. 0 means 0.2; otherwise 0.05 to 0.5.
   */
  'holdoutFraction': (number);
  /**
   * A retried Train with the same key (same tenant) returns the same head version. Optional.
   */
  'idempotencyKey': (string);
  /**
   * 0: softmax regression. n (1 to 1024): a small MLP with one hidden ReLU layer of n units.
   */
  'hiddenUnits': (number);
  'classWeighting': (_sieve_v1_ClassWeighting__Output);
}
