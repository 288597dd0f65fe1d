// Original file: sieve/v1/inference.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';

/**
 * Where the time of one call went, like TEI's response metadata. Durations are wall time on the serving path.
 */
export interface Timings {
  /**
   * Accepted by the gateway until the answer was sent.
   */
  'total'?: (_google_protobuf_Duration | null);
  /**
   * Waiting until the call's first batch started computing: in the queue, then in the worker behind running
   * batches or for company in a batch. Tokenization is counted apart.
   */
  'queue'?: (_google_protobuf_Duration | null);
  'tokenization'?: (_google_protobuf_Duration | null);
  /**
   * Model execution of the batch(es) that served this call.
   */
  'inference'?: (_google_protobuf_Duration | null);
}

/**
 * Where the time of one call went, like TEI's response metadata. Durations are wall time on the serving path.
 */
export interface Timings__Output {
  /**
   * Accepted by the gateway until the answer was sent.
   */
  'total': (_google_protobuf_Duration__Output | null);
  /**
   * Waiting until the call's first batch started computing: in the queue, then in the worker behind running
   * batches or for company in a batch. Tokenization is counted apart.
   */
  'queue': (_google_protobuf_Duration__Output | null);
  'tokenization': (_google_protobuf_Duration__Output | null);
  /**
   * Model execution of the batch(es) that served this call.
   */
  'inference': (_google_protobuf_Duration__Output | null);
}
