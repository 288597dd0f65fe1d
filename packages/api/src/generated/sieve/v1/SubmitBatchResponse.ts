// Original file: sieve/v1/batches.proto

import type { Batch as _sieve_v1_Batch, Batch__Output as _sieve_v1_Batch__Output } from '../../sieve/v1/Batch';

export interface SubmitBatchResponse {
  'batch'?: (_sieve_v1_Batch | null);
  /**
   * True when the idempotency key matched an existing batch and nothing new was created.
   */
  'existing'?: (boolean);
}

export interface SubmitBatchResponse__Output {
  'batch': (_sieve_v1_Batch__Output | null);
  /**
   * True when the idempotency key matched an existing batch and nothing new was created.
   */
  'existing': (boolean);
}
