// Original file: sieve/v1/heads.proto


export interface LabelQuality {
  'label'?: (string);
  'precision'?: (number | string);
  'recall'?: (number | string);
  'f1'?: (number | string);
  /**
   * Held-out examples with this label.
   */
  'support'?: (number);
}

export interface LabelQuality__Output {
  'label': (string);
  'precision': (number);
  'recall': (number);
  'f1': (number);
  /**
   * Held-out examples with this label.
   */
  'support': (number);
}
