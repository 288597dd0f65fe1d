// Original file: sieve/v1/inference.proto

import type { ClassifyRequest as _sieve_v1_ClassifyRequest, ClassifyRequest__Output as _sieve_v1_ClassifyRequest__Output } from '../../sieve/v1/ClassifyRequest';

export interface ClassifyStreamRequest {
  /**
   * Caller-chosen id echoed on the answer; must be unique among this stream's requests in flight.
   */
  'correlationId'?: (string);
  'request'?: (_sieve_v1_ClassifyRequest | null);
}

export interface ClassifyStreamRequest__Output {
  /**
   * Caller-chosen id echoed on the answer; must be unique among this stream's requests in flight.
   */
  'correlationId': (string);
  'request': (_sieve_v1_ClassifyRequest__Output | null);
}
