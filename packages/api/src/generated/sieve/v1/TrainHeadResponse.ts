// Original file: sieve/v1/heads.proto

import type { Head as _sieve_v1_Head, Head__Output as _sieve_v1_Head__Output } from '../../sieve/v1/Head';

export interface TrainHeadResponse {
  'head'?: (_sieve_v1_Head | null);
  /**
   * True when the idempotency key matched an existing head version and nothing new was created.
   */
  'existing'?: (boolean);
}

export interface TrainHeadResponse__Output {
  'head': (_sieve_v1_Head__Output | null);
  /**
   * True when the idempotency key matched an existing head version and nothing new was created.
   */
  'existing': (boolean);
}
