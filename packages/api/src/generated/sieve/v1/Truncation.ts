// Original file: sieve/v1/classification.proto

/**
 * How a text longer than the model's maximum sequence length is handled.
 */
export const Truncation = {
  /**
   * Same as TRUNCATION_RIGHT.
   */
  TRUNCATION_UNSPECIFIED: 'TRUNCATION_UNSPECIFIED',
  /**
   * Keep the beginning of the text, drop tokens from the end.
   */
  TRUNCATION_RIGHT: 'TRUNCATION_RIGHT',
  /**
   * Keep the end of the text, drop tokens from the beginning.
   */
  TRUNCATION_LEFT: 'TRUNCATION_LEFT',
  /**
   * Do not truncate: a text longer than the model's maximum length fails with INVALID_ARGUMENT.
   */
  TRUNCATION_NONE: 'TRUNCATION_NONE',
} as const;

/**
 * How a text longer than the model's maximum sequence length is handled.
 */
export type Truncation =
  /**
   * Same as TRUNCATION_RIGHT.
   */
  | 'TRUNCATION_UNSPECIFIED'
  | 0
  /**
   * Keep the beginning of the text, drop tokens from the end.
   */
  | 'TRUNCATION_RIGHT'
  | 1
  /**
   * Keep the end of the text, drop tokens from the beginning.
   */
  | 'TRUNCATION_LEFT'
  | 2
  /**
   * Do not truncate: a text longer than the model's maximum length fails with INVALID_ARGUMENT.
   */
  | 'TRUNCATION_NONE'
  | 3

/**
 * How a text longer than the model's maximum sequence length is handled.
 */
export type Truncation__Output = typeof Truncation[keyof typeof Truncation]
