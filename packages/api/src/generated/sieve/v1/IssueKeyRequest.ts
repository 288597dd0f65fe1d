// Original file: sieve/v1/admin.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';

export interface IssueKeyRequest {
  'tenantId'?: (string);
  'name'?: (string);
  /**
   * Optional lifetime; unset keys do not expire.
   */
  'ttl'?: (_google_protobuf_Duration | null);
}

export interface IssueKeyRequest__Output {
  'tenantId': (string);
  'name': (string);
  /**
   * Optional lifetime; unset keys do not expire.
   */
  'ttl': (_google_protobuf_Duration__Output | null);
}
