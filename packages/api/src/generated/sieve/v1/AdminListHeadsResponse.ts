// Original file: sieve/v1/admin.proto

import type { Head as _sieve_v1_Head, Head__Output as _sieve_v1_Head__Output } from '../../sieve/v1/Head';

export interface AdminListHeadsResponse {
  /**
   * At most 1000 versions, newest first.
   */
  'heads'?: (_sieve_v1_Head)[];
  /**
   * True when the tenant has more than were returned.
   */
  'truncated'?: (boolean);
}

export interface AdminListHeadsResponse__Output {
  /**
   * At most 1000 versions, newest first.
   */
  'heads': (_sieve_v1_Head__Output)[];
  /**
   * True when the tenant has more than were returned.
   */
  'truncated': (boolean);
}
