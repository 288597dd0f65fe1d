// Original file: sieve/v1/heads.proto

import type { Head as _sieve_v1_Head, Head__Output as _sieve_v1_Head__Output } from '../../sieve/v1/Head';

export interface DeleteHeadResponse {
  /**
   * The versions deleted.
   */
  'heads'?: (_sieve_v1_Head)[];
}

export interface DeleteHeadResponse__Output {
  /**
   * The versions deleted.
   */
  'heads': (_sieve_v1_Head__Output)[];
}
