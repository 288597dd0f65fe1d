// Original file: sieve/v1/heads.proto


export interface DeleteHeadRequest {
  /**
   * "base+name@version" deletes that version; "base+name" deletes every version of the head.
   */
  'model'?: (string);
}

export interface DeleteHeadRequest__Output {
  /**
   * "base+name@version" deletes that version; "base+name" deletes every version of the head.
   */
  'model': (string);
}
