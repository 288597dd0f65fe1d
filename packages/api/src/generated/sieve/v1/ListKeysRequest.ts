// Original file: sieve/v1/admin.proto


export interface ListKeysRequest {
  'tenantId'?: (string);
}

export interface ListKeysRequest__Output {
  'tenantId': (string);
}
