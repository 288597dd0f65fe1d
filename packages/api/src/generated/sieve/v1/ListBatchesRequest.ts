// Original file: sieve/v1/batches.proto

import type { BatchState as _sieve_v1_BatchState, BatchState__Output as _sieve_v1_BatchState__Output } from '../../sieve/v1/BatchState';

export interface ListBatchesRequest {
  /**
   * At most 1000; 0 means 100.
   */
  'pageSize'?: (number);
  'pageToken'?: (string);
  /**
   * Only batches in this state; unspecified lists all.
   */
  'state'?: (_sieve_v1_BatchState);
}

export interface ListBatchesRequest__Output {
  /**
   * At most 1000; 0 means 100.
   */
  'pageSize': (number);
  'pageToken': (string);
  /**
   * Only batches in this state; unspecified lists all.
   */
  'state': (_sieve_v1_BatchState__Output);
}
