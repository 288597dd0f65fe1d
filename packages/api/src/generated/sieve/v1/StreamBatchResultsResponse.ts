// Original file: sieve/v1/batches.proto

import type { BatchResult as _sieve_v1_BatchResult, BatchResult__Output as _sieve_v1_BatchResult__Output } from '../../sieve/v1/BatchResult';
import type { Long } from '@grpc/proto-loader';

export interface StreamBatchResultsResponse {
  'results'?: (_sieve_v1_BatchResult)[];
  /**
   * Offset to resume from after this message.
   */
  'nextOffset'?: (number | string | Long);
}

export interface StreamBatchResultsResponse__Output {
  'results': (_sieve_v1_BatchResult__Output)[];
  /**
   * Offset to resume from after this message.
   */
  'nextOffset': (number);
}
