// Original file: sieve/v1/batches.proto


export interface CancelBatchRequest {
  'id'?: (string);
}

export interface CancelBatchRequest__Output {
  'id': (string);
}
