// Original file: sieve/v1/inference.proto

import type { TextClassification as _sieve_v1_TextClassification, TextClassification__Output as _sieve_v1_TextClassification__Output } from '../../sieve/v1/TextClassification';
import type { Timings as _sieve_v1_Timings, Timings__Output as _sieve_v1_Timings__Output } from '../../sieve/v1/Timings';
import type { Long } from '@grpc/proto-loader';

export interface ClassifyResponse {
  /**
   * One per input text, in request order.
   */
  'results'?: (_sieve_v1_TextClassification)[];
  /**
   * The exact model that served the call, as "name@version" ("name@version+head@version" with a head).
   */
  'model'?: (string);
  /**
   * Content digest of the served model files, "sha256:<hex>".
   */
  'modelDigest'?: (string);
  'timings'?: (_sieve_v1_Timings | null);
  'requestId'?: (string);
  /**
   * Total tokens over all texts (what usage and tokens-per-minute quotas count).
   */
  'tokenCount'?: (number | string | Long);
}

export interface ClassifyResponse__Output {
  /**
   * One per input text, in request order.
   */
  'results': (_sieve_v1_TextClassification__Output)[];
  /**
   * The exact model that served the call, as "name@version" ("name@version+head@version" with a head).
   */
  'model': (string);
  /**
   * Content digest of the served model files, "sha256:<hex>".
   */
  'modelDigest': (string);
  'timings': (_sieve_v1_Timings__Output | null);
  'requestId': (string);
  /**
   * Total tokens over all texts (what usage and tokens-per-minute quotas count).
   */
  'tokenCount': (number);
}
