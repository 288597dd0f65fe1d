// Original file: sieve/v1/admin.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { UsageGranularity as _sieve_v1_UsageGranularity, UsageGranularity__Output as _sieve_v1_UsageGranularity__Output } from '../../sieve/v1/UsageGranularity';

export interface GetUsageRequest {
  'tenantId'?: (string);
  /**
   * Only this model; empty for every model.
   */
  'model'?: (string);
  'startTime'?: (_google_protobuf_Timestamp | null);
  /**
   * Unset: now.
   */
  'endTime'?: (_google_protobuf_Timestamp | null);
  /**
   * Unspecified: HOUR.
   */
  'granularity'?: (_sieve_v1_UsageGranularity);
}

export interface GetUsageRequest__Output {
  'tenantId': (string);
  /**
   * Only this model; empty for every model.
   */
  'model': (string);
  'startTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * Unset: now.
   */
  'endTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * Unspecified: HOUR.
   */
  'granularity': (_sieve_v1_UsageGranularity__Output);
}
