// Original file: sieve/v1/heads.proto


export interface ConfidenceInterval {
  'low'?: (number | string);
  'high'?: (number | string);
  /**
   * e.g. 0.95
   */
  'level'?: (number | string);
  /**
   * Resamples drawn (with replacement, the size of the sample).
   */
  'resamples'?: (number);
}

export interface ConfidenceInterval__Output {
  'low': (number);
  'high': (number);
  /**
   * e.g. 0.95
   */
  'level': (number);
  /**
   * Resamples drawn (with replacement, the size of the sample).
   */
  'resamples': (number);
}
