// Original file: sieve/v1/heads.proto


export interface GetHeadRequest {
  /**
   * "base+name" (the latest version) or "base+name@version".
   */
  'model'?: (string);
}

export interface GetHeadRequest__Output {
  /**
   * "base+name" (the latest version) or "base+name@version".
   */
  'model': (string);
}
