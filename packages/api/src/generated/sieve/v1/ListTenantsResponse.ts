// Original file: sieve/v1/admin.proto

import type { Tenant as _sieve_v1_Tenant, Tenant__Output as _sieve_v1_Tenant__Output } from '../../sieve/v1/Tenant';

export interface ListTenantsResponse {
  'tenants'?: (_sieve_v1_Tenant)[];
  'nextPageToken'?: (string);
}

export interface ListTenantsResponse__Output {
  'tenants': (_sieve_v1_Tenant__Output)[];
  'nextPageToken': (string);
}
