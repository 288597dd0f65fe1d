// Original file: sieve/v1/heads.proto

import type { HeadState as _sieve_v1_HeadState, HeadState__Output as _sieve_v1_HeadState__Output } from '../../sieve/v1/HeadState';
import type { HeadMetrics as _sieve_v1_HeadMetrics, HeadMetrics__Output as _sieve_v1_HeadMetrics__Output } from '../../sieve/v1/HeadMetrics';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { ClassWeighting as _sieve_v1_ClassWeighting, ClassWeighting__Output as _sieve_v1_ClassWeighting__Output } from '../../sieve/v1/ClassWeighting';
import type { Long } from '@grpc/proto-loader';

export interface Head {
  /**
   * What to name as the model to use this version: "base+name@version".
   */
  'model'?: (string);
  'name'?: (string);
  'version'?: (number);
  /**
   * The base model's name, and the version the head was trained on.
   */
  'baseModel'?: (string);
  'baseVersion'?: (string);
  /**
   * The base model's content digest: the head is served only on exactly this backbone.
   */
  'baseDigest'?: (string);
  'labels'?: (string)[];
  'state'?: (_sieve_v1_HeadState);
  'stateReason'?: (string);
  /**
   * Set once READY.
   */
  'metrics'?: (_sieve_v1_HeadMetrics | null);
  'createTime'?: (_google_protobuf_Timestamp | null);
  'updateTime'?: (_google_protobuf_Timestamp | null);
  'exampleCount'?: (number | string | Long);
  'idempotencyKey'?: (string);
  'hiddenUnits'?: (number);
  'holdoutFraction'?: (number | string);
  'classWeighting'?: (_sieve_v1_ClassWeighting);
}

export interface Head__Output {
  /**
   * What to name as the model to use this version: "base+name@version".
   */
  'model': (string);
  'name': (string);
  'version': (number);
  /**
   * The base model's name, and the version the head was trained on.
   */
  'baseModel': (string);
  'baseVersion': (string);
  /**
   * The base model's content digest: the head is served only on exactly this backbone.
   */
  'baseDigest': (string);
  'labels': (string)[];
  'state': (_sieve_v1_HeadState__Output);
  'stateReason': (string);
  /**
   * Set once READY.
   */
  'metrics': (_sieve_v1_HeadMetrics__Output | null);
  'createTime': (_google_protobuf_Timestamp__Output | null);
  'updateTime': (_google_protobuf_Timestamp__Output | null);
  'exampleCount': (number);
  'idempotencyKey': (string);
  'hiddenUnits': (number);
  'holdoutFraction': (number);
  'classWeighting': (_sieve_v1_ClassWeighting__Output);
}
