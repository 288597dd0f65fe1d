// Original file: sieve/v1/batches.proto


export interface BatchItem {
  /**
   * Optional client-side id, returned with the result (at most 256 characters).
   */
  'id'?: (string);
  'text'?: (string);
}

export interface BatchItem__Output {
  /**
   * Optional client-side id, returned with the result (at most 256 characters).
   */
  'id': (string);
  'text': (string);
}
