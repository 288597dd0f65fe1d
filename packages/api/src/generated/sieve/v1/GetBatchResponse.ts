// Original file: sieve/v1/batches.proto

import type { Batch as _sieve_v1_Batch, Batch__Output as _sieve_v1_Batch__Output } from '../../sieve/v1/Batch';

export interface GetBatchResponse {
  'batch'?: (_sieve_v1_Batch | null);
}

export interface GetBatchResponse__Output {
  'batch': (_sieve_v1_Batch__Output | null);
}
