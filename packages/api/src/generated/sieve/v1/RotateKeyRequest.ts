// Original file: sieve/v1/admin.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';

export interface RotateKeyRequest {
  'tenantId'?: (string);
  'keyId'?: (string);
  /**
   * How long the old key keeps working. Unset: 24 hours.
   */
  'gracePeriod'?: (_google_protobuf_Duration | null);
}

export interface RotateKeyRequest__Output {
  'tenantId': (string);
  'keyId': (string);
  /**
   * How long the old key keeps working. Unset: 24 hours.
   */
  'gracePeriod': (_google_protobuf_Duration__Output | null);
}
