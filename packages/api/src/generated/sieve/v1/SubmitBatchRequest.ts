// Original file: sieve/v1/batches.proto

import type { BatchSpec as _sieve_v1_BatchSpec, BatchSpec__Output as _sieve_v1_BatchSpec__Output } from '../../sieve/v1/BatchSpec';
import type { BatchChunk as _sieve_v1_BatchChunk, BatchChunk__Output as _sieve_v1_BatchChunk__Output } from '../../sieve/v1/BatchChunk';

export interface SubmitBatchRequest {
  'spec'?: (_sieve_v1_BatchSpec | null);
  'chunk'?: (_sieve_v1_BatchChunk | null);
  'payload'?: "spec"|"chunk";
}

export interface SubmitBatchRequest__Output {
  'spec'?: (_sieve_v1_BatchSpec__Output | null);
  'chunk'?: (_sieve_v1_BatchChunk__Output | null);
  'payload'?: "spec"|"chunk";
}
