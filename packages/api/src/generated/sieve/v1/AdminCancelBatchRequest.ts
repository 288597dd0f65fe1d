// Original file: sieve/v1/admin.proto


export interface AdminCancelBatchRequest {
  'tenantId'?: (string);
  'batchId'?: (string);
}

export interface AdminCancelBatchRequest__Output {
  'tenantId': (string);
  'batchId': (string);
}
