// Original file: sieve/v1/inference.proto

import type { ClassifyResponse as _sieve_v1_ClassifyResponse, ClassifyResponse__Output as _sieve_v1_ClassifyResponse__Output } from '../../sieve/v1/ClassifyResponse';
import type { Status as _google_rpc_Status, Status__Output as _google_rpc_Status__Output } from '../../google/rpc/Status';

export interface ClassifyStreamResponse {
  'correlationId'?: (string);
  'response'?: (_sieve_v1_ClassifyResponse | null);
  /**
   * The request failed; the code and details are what Classify would have returned.
   */
  'error'?: (_google_rpc_Status | null);
  'outcome'?: "response"|"error";
}

export interface ClassifyStreamResponse__Output {
  'correlationId': (string);
  'response'?: (_sieve_v1_ClassifyResponse__Output | null);
  /**
   * The request failed; the code and details are what Classify would have returned.
   */
  'error'?: (_google_rpc_Status__Output | null);
  'outcome'?: "response"|"error";
}
