// Original file: sieve/v1/batches.proto

import type { Long } from '@grpc/proto-loader';

export interface StreamBatchResultsRequest {
  'id'?: (string);
  /**
   * Index of the first result wanted (0-based input position).
   */
  'offset'?: (number | string | Long);
  /**
   * Keep the stream open and send results as they are computed until the batch ends.
   */
  'follow'?: (boolean);
}

export interface StreamBatchResultsRequest__Output {
  'id': (string);
  /**
   * Index of the first result wanted (0-based input position).
   */
  'offset': (number);
  /**
   * Keep the stream open and send results as they are computed until the batch ends.
   */
  'follow': (boolean);
}
