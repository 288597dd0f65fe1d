// Original file: sieve/v1/admin.proto

import type { ApiKey as _sieve_v1_ApiKey, ApiKey__Output as _sieve_v1_ApiKey__Output } from '../../sieve/v1/ApiKey';

export interface RevokeKeyResponse {
  'key'?: (_sieve_v1_ApiKey | null);
}

export interface RevokeKeyResponse__Output {
  'key': (_sieve_v1_ApiKey__Output | null);
}
