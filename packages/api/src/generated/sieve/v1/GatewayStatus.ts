// Original file: sieve/v1/admin.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface GatewayStatus {
  /**
   * SIEVE_GATEWAY_ID or the id the gateway made up at start.
   */
  'id'?: (string);
  /**
   * False while Redis cannot be read.
   */
  'backendReachable'?: (boolean);
  /**
   * True once the gateway refuses new calls on its way out.
   */
  'draining'?: (boolean);
  'startTime'?: (_google_protobuf_Timestamp | null);
  /**
   * Its last announcement in the gateway registry (every second; gone 3 s after the last). Unset for the answering
   * gateway when it has not announced itself yet.
   */
  'heartbeatTime'?: (_google_protobuf_Timestamp | null);
}

export interface GatewayStatus__Output {
  /**
   * SIEVE_GATEWAY_ID or the id the gateway made up at start.
   */
  'id': (string);
  /**
   * False while Redis cannot be read.
   */
  'backendReachable': (boolean);
  /**
   * True once the gateway refuses new calls on its way out.
   */
  'draining': (boolean);
  'startTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * Its last announcement in the gateway registry (every second; gone 3 s after the last). Unset for the answering
   * gateway when it has not announced itself yet.
   */
  'heartbeatTime': (_google_protobuf_Timestamp__Output | null);
}
