// Original file: sieve/v1/admin.proto


export interface PurgeTenantDataRequest {
  'tenantId'?: (string);
}

export interface PurgeTenantDataRequest__Output {
  'tenantId': (string);
}
