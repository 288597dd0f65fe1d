// Original file: sieve/v1/batches.proto

import type { BatchState as _sieve_v1_BatchState, BatchState__Output as _sieve_v1_BatchState__Output } from '../../sieve/v1/BatchState';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';
import type { ClassifyOptions as _sieve_v1_ClassifyOptions, ClassifyOptions__Output as _sieve_v1_ClassifyOptions__Output } from '../../sieve/v1/ClassifyOptions';
import type { Status as _google_rpc_Status, Status__Output as _google_rpc_Status__Output } from '../../google/rpc/Status';
import type { Long } from '@grpc/proto-loader';

export interface Batch {
  'id'?: (string);
  'model'?: (string);
  'modelDigest'?: (string);
  'displayName'?: (string);
  'state'?: (_sieve_v1_BatchState);
  'totalCount'?: (number | string | Long);
  'doneCount'?: (number | string | Long);
  'failedCount'?: (number | string | Long);
  'createTime'?: (_google_protobuf_Timestamp | null);
  'startTime'?: (_google_protobuf_Timestamp | null);
  'endTime'?: (_google_protobuf_Timestamp | null);
  /**
   * Estimated time to completion from the recent rate; unset when unknown or ended.
   */
  'eta'?: (_google_protobuf_Duration | null);
  /**
   * When the results will be deleted; set once the batch has ended.
   */
  'expireTime'?: (_google_protobuf_Timestamp | null);
  'options'?: (_sieve_v1_ClassifyOptions | null);
  /**
   * Why the batch failed, when state is FAILED.
   */
  'error'?: (_google_rpc_Status | null);
  'idempotencyKey'?: (string);
}

export interface Batch__Output {
  'id': (string);
  'model': (string);
  'modelDigest': (string);
  'displayName': (string);
  'state': (_sieve_v1_BatchState__Output);
  'totalCount': (number);
  'doneCount': (number);
  'failedCount': (number);
  'createTime': (_google_protobuf_Timestamp__Output | null);
  'startTime': (_google_protobuf_Timestamp__Output | null);
  'endTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * Estimated time to completion from the recent rate; unset when unknown or ended.
   */
  'eta': (_google_protobuf_Duration__Output | null);
  /**
   * When the results will be deleted; set once the batch has ended.
   */
  'expireTime': (_google_protobuf_Timestamp__Output | null);
  'options': (_sieve_v1_ClassifyOptions__Output | null);
  /**
   * Why the batch failed, when state is FAILED.
   */
  'error': (_google_rpc_Status__Output | null);
  'idempotencyKey': (string);
}
