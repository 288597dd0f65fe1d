// Original file: sieve/v1/classification.proto


export interface LabelScore {
  'label'?: (string);
  /**
   * Probability in [0, 1], or the raw logit when raw_scores was set.
   */
  'score'?: (number | string);
}

export interface LabelScore__Output {
  'label': (string);
  /**
   * Probability in [0, 1], or the raw logit when raw_scores was set.
   */
  'score': (number);
}
