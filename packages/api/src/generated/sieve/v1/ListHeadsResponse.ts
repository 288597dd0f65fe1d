// Original file: sieve/v1/heads.proto

import type { Head as _sieve_v1_Head, Head__Output as _sieve_v1_Head__Output } from '../../sieve/v1/Head';

export interface ListHeadsResponse {
  'heads'?: (_sieve_v1_Head)[];
}

export interface ListHeadsResponse__Output {
  'heads': (_sieve_v1_Head__Output)[];
}
