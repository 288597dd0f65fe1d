// Original file: sieve/v1/admin.proto

import type { TenantBatch as _sieve_v1_TenantBatch, TenantBatch__Output as _sieve_v1_TenantBatch__Output } from '../../sieve/v1/TenantBatch';

export interface AdminCancelBatchResponse {
  'batch'?: (_sieve_v1_TenantBatch | null);
}

export interface AdminCancelBatchResponse__Output {
  'batch': (_sieve_v1_TenantBatch__Output | null);
}
