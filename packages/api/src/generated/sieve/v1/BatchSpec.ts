// Original file: sieve/v1/batches.proto

import type { ClassifyOptions as _sieve_v1_ClassifyOptions, ClassifyOptions__Output as _sieve_v1_ClassifyOptions__Output } from '../../sieve/v1/ClassifyOptions';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';

export interface BatchSpec {
  /**
   * As in ClassifyRequest.model.
   */
  'model'?: (string);
  'options'?: (_sieve_v1_ClassifyOptions | null);
  /**
   * Required. A retried Submit with the same key (same tenant) returns the same batch.
   */
  'idempotencyKey'?: (string);
  /**
   * Free text shown in List.
   */
  'displayName'?: (string);
  /**
   * How long results stay readable after the batch ends. Unset: the server's default; capped by the server.
   */
  'resultRetention'?: (_google_protobuf_Duration | null);
}

export interface BatchSpec__Output {
  /**
   * As in ClassifyRequest.model.
   */
  'model': (string);
  'options': (_sieve_v1_ClassifyOptions__Output | null);
  /**
   * Required. A retried Submit with the same key (same tenant) returns the same batch.
   */
  'idempotencyKey': (string);
  /**
   * Free text shown in List.
   */
  'displayName': (string);
  /**
   * How long results stay readable after the batch ends. Unset: the server's default; capped by the server.
   */
  'resultRetention': (_google_protobuf_Duration__Output | null);
}
