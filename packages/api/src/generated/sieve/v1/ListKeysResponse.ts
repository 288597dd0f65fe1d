// Original file: sieve/v1/admin.proto

import type { ApiKey as _sieve_v1_ApiKey, ApiKey__Output as _sieve_v1_ApiKey__Output } from '../../sieve/v1/ApiKey';

export interface ListKeysResponse {
  'keys'?: (_sieve_v1_ApiKey)[];
}

export interface ListKeysResponse__Output {
  'keys': (_sieve_v1_ApiKey__Output)[];
}
