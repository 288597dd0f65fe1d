// Original file: sieve/v1/admin.proto

import type { Tenant as _sieve_v1_Tenant, Tenant__Output as _sieve_v1_Tenant__Output } from '../../sieve/v1/Tenant';

export interface GetTenantResponse {
  'tenant'?: (_sieve_v1_Tenant | null);
}

export interface GetTenantResponse__Output {
  'tenant': (_sieve_v1_Tenant__Output | null);
}
