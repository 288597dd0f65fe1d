// Original file: sieve/v1/admin.proto


export interface RevokeKeyRequest {
  'tenantId'?: (string);
  'keyId'?: (string);
}

export interface RevokeKeyRequest__Output {
  'tenantId': (string);
  'keyId': (string);
}
