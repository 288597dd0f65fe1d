// Original file: sieve/v1/admin.proto


export interface GetTenantRequest {
  'id'?: (string);
}

export interface GetTenantRequest__Output {
  'id': (string);
}
