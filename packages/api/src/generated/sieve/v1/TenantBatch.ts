// Original file: sieve/v1/admin.proto

import type { Batch as _sieve_v1_Batch, Batch__Output as _sieve_v1_Batch__Output } from '../../sieve/v1/Batch';

export interface TenantBatch {
  'tenantId'?: (string);
  'batch'?: (_sieve_v1_Batch | null);
}

export interface TenantBatch__Output {
  'tenantId': (string);
  'batch': (_sieve_v1_Batch__Output | null);
}
