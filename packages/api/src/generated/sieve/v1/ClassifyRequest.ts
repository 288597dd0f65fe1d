// Original file: sieve/v1/inference.proto

import type { ClassifyOptions as _sieve_v1_ClassifyOptions, ClassifyOptions__Output as _sieve_v1_ClassifyOptions__Output } from '../../sieve/v1/ClassifyOptions';
import type { Priority as _sieve_v1_Priority, Priority__Output as _sieve_v1_Priority__Output } from '../../sieve/v1/Priority';

export interface ClassifyRequest {
  /**
   * "name" (the default version), "name@version", or "name@sha256:<hex>" to pin the exact content digest;
   * followed by "+head" or "+head@version" to score with one of the tenant's heads (see sieve.v1.Heads).
   */
  'model'?: (string);
  'texts'?: (string)[];
  'options'?: (_sieve_v1_ClassifyOptions | null);
  'priority'?: (_sieve_v1_Priority);
  /**
   * Optional caller-chosen id (at most 128 characters). Echoed in the response and in traces; a retried call
   * with the same id from the same tenant within a few minutes is answered from the first call's result. The same
   * id with another request (other texts, options or model) is refused: ALREADY_EXISTS, reason REQUEST_ID_REUSED.
   */
  'requestId'?: (string);
}

export interface ClassifyRequest__Output {
  /**
   * "name" (the default version), "name@version", or "name@sha256:<hex>" to pin the exact content digest;
   * followed by "+head" or "+head@version" to score with one of the tenant's heads (see sieve.v1.Heads).
   */
  'model': (string);
  'texts': (string)[];
  'options': (_sieve_v1_ClassifyOptions__Output | null);
  'priority': (_sieve_v1_Priority__Output);
  /**
   * Optional caller-chosen id (at most 128 characters). Echoed in the response and in traces; a retried call
   * with the same id from the same tenant within a few minutes is answered from the first call's result. The same
   * id with another request (other texts, options or model) is refused: ALREADY_EXISTS, reason REQUEST_ID_REUSED.
   */
  'requestId': (string);
}
