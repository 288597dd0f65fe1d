// Original file: sieve/v1/heads.proto


export interface ListHeadsRequest {
  /**
   * Only heads on this base model (its name); empty lists them all.
   */
  'baseModel'?: (string);
}

export interface ListHeadsRequest__Output {
  /**
   * Only heads on this base model (its name); empty lists them all.
   */
  'baseModel': (string);
}
