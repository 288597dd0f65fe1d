// Original file: sieve/v1/admin.proto

import type { ApiKey as _sieve_v1_ApiKey, ApiKey__Output as _sieve_v1_ApiKey__Output } from '../../sieve/v1/ApiKey';

export interface RotateKeyResponse {
  'oldKey'?: (_sieve_v1_ApiKey | null);
  'newKey'?: (_sieve_v1_ApiKey | null);
  'secret'?: (string);
}

export interface RotateKeyResponse__Output {
  'oldKey': (_sieve_v1_ApiKey__Output | null);
  'newKey': (_sieve_v1_ApiKey__Output | null);
  'secret': (string);
}
