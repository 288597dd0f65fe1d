// Original file: sieve/v1/batches.proto

import type { BatchItem as _sieve_v1_BatchItem, BatchItem__Output as _sieve_v1_BatchItem__Output } from '../../sieve/v1/BatchItem';

export interface BatchChunk {
  'items'?: (_sieve_v1_BatchItem)[];
}

export interface BatchChunk__Output {
  'items': (_sieve_v1_BatchItem__Output)[];
}
