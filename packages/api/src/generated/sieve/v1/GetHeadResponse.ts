// Original file: sieve/v1/heads.proto

import type { Head as _sieve_v1_Head, Head__Output as _sieve_v1_Head__Output } from '../../sieve/v1/Head';

export interface GetHeadResponse {
  'head'?: (_sieve_v1_Head | null);
}

export interface GetHeadResponse__Output {
  'head': (_sieve_v1_Head__Output | null);
}
