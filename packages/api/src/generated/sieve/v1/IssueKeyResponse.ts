// Original file: sieve/v1/admin.proto

import type { ApiKey as _sieve_v1_ApiKey, ApiKey__Output as _sieve_v1_ApiKey__Output } from '../../sieve/v1/ApiKey';

export interface IssueKeyResponse {
  'key'?: (_sieve_v1_ApiKey | null);
  /**
   * The secret to send as `authorization: Bearer <secret>`. Shown only in this response.
   */
  'secret'?: (string);
}

export interface IssueKeyResponse__Output {
  'key': (_sieve_v1_ApiKey__Output | null);
  /**
   * The secret to send as `authorization: Bearer <secret>`. Shown only in this response.
   */
  'secret': (string);
}
