// Original file: sieve/v1/admin.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface ApiKey {
  /**
   * Public identifier of the key (also its visible prefix); never the secret.
   */
  'id'?: (string);
  'tenantId'?: (string);
  'name'?: (string);
  'createTime'?: (_google_protobuf_Timestamp | null);
  /**
   * When set, the key stops working at this time (rotation grace or explicit expiry).
   */
  'expireTime'?: (_google_protobuf_Timestamp | null);
  'revoked'?: (boolean);
  'lastUsedTime'?: (_google_protobuf_Timestamp | null);
}

export interface ApiKey__Output {
  /**
   * Public identifier of the key (also its visible prefix); never the secret.
   */
  'id': (string);
  'tenantId': (string);
  'name': (string);
  'createTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * When set, the key stops working at this time (rotation grace or explicit expiry).
   */
  'expireTime': (_google_protobuf_Timestamp__Output | null);
  'revoked': (boolean);
  'lastUsedTime': (_google_protobuf_Timestamp__Output | null);
}
