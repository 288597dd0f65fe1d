// Original file: sieve/v1/admin.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';
import type { Long } from '@grpc/proto-loader';

export interface UsageBucket {
  'startTime'?: (_google_protobuf_Timestamp | null);
  'model'?: (string);
  'requests'?: (number | string | Long);
  'texts'?: (number | string | Long);
  'tokens'?: (number | string | Long);
  /**
   * Model execution time attributed to this tenant (its share of each batch).
   */
  'inferenceTime'?: (_google_protobuf_Duration | null);
  /**
   * Rejected requests by reason (an ErrorReason name, e.g. "QUOTA_TEXTS_PER_MINUTE").
   */
  'rejections'?: ({[key: string]: number | string | Long});
  'batchTexts'?: (number | string | Long);
  'cachedTexts'?: (number | string | Long);
}

export interface UsageBucket__Output {
  'startTime': (_google_protobuf_Timestamp__Output | null);
  'model': (string);
  'requests': (number);
  'texts': (number);
  'tokens': (number);
  /**
   * Model execution time attributed to this tenant (its share of each batch).
   */
  'inferenceTime': (_google_protobuf_Duration__Output | null);
  /**
   * Rejected requests by reason (an ErrorReason name, e.g. "QUOTA_TEXTS_PER_MINUTE").
   */
  'rejections': ({[key: string]: number});
  'batchTexts': (number);
  'cachedTexts': (number);
}
