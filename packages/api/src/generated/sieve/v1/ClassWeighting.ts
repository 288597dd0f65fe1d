// Original file: sieve/v1/heads.proto

/**
 * How much each label's examples weigh in training, against label imbalance.
 */
export const ClassWeighting = {
  /**
   * The server's default: CLASS_WEIGHTING_SQRT_INVERSE.
   */
  CLASS_WEIGHTING_UNSPECIFIED: 'CLASS_WEIGHTING_UNSPECIFIED',
  /**
   * A label weighs 1/sqrt(its frequency): a rare label is heard without being favoured at any price.
   */
  CLASS_WEIGHTING_SQRT_INVERSE: 'CLASS_WEIGHTING_SQRT_INVERSE',
  /**
   * A label weighs 1/(its frequency), as scikit-learn's "balanced": the most recall for rare labels, with more
   * false alarms.
   */
  CLASS_WEIGHTING_INVERSE: 'CLASS_WEIGHTING_INVERSE',
  /**
   * Every example weighs the same.
   */
  CLASS_WEIGHTING_NONE: 'CLASS_WEIGHTING_NONE',
} as const;

/**
 * How much each label's examples weigh in training, against label imbalance.
 */
export type ClassWeighting =
  /**
   * The server's default: CLASS_WEIGHTING_SQRT_INVERSE.
   */
  | 'CLASS_WEIGHTING_UNSPECIFIED'
  | 0
  /**
   * A label weighs 1/sqrt(its frequency): a rare label is heard without being favoured at any price.
   */
  | 'CLASS_WEIGHTING_SQRT_INVERSE'
  | 1
  /**
   * A label weighs 1/(its frequency), as scikit-learn's "balanced": the most recall for rare labels, with more
   * false alarms.
   */
  | 'CLASS_WEIGHTING_INVERSE'
  | 2
  /**
   * Every example weighs the same.
   */
  | 'CLASS_WEIGHTING_NONE'
  | 3

/**
 * How much each label's examples weigh in training, against label imbalance.
 */
export type ClassWeighting__Output = typeof ClassWeighting[keyof typeof ClassWeighting]
