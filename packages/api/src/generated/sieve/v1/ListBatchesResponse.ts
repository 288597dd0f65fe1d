// Original file: sieve/v1/batches.proto

import type { Batch as _sieve_v1_Batch, Batch__Output as _sieve_v1_Batch__Output } from '../../sieve/v1/Batch';

export interface ListBatchesResponse {
  /**
   * Newest first.
   */
  'batches'?: (_sieve_v1_Batch)[];
  'nextPageToken'?: (string);
}

export interface ListBatchesResponse__Output {
  /**
   * Newest first.
   */
  'batches': (_sieve_v1_Batch__Output)[];
  'nextPageToken': (string);
}
