// Original file: sieve/v1/admin.proto


export interface DeleteTenantRequest {
  'id'?: (string);
}

export interface DeleteTenantRequest__Output {
  'id': (string);
}
