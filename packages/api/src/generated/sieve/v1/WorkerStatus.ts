// Original file: sieve/v1/admin.proto

import type { WorkerModel as _sieve_v1_WorkerModel, WorkerModel__Output as _sieve_v1_WorkerModel__Output } from '../../sieve/v1/WorkerModel';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface WorkerStatus {
  'id'?: (string);
  /**
   * The worker pool the models file assigns it to; empty without one.
   */
  'pool'?: (string);
  'models'?: (_sieve_v1_WorkerModel)[];
  /**
   * Its last heartbeat; a worker silent for its lease (3 s) is no longer listed.
   */
  'heartbeatTime'?: (_google_protobuf_Timestamp | null);
}

export interface WorkerStatus__Output {
  'id': (string);
  /**
   * The worker pool the models file assigns it to; empty without one.
   */
  'pool': (string);
  'models': (_sieve_v1_WorkerModel__Output)[];
  /**
   * Its last heartbeat; a worker silent for its lease (3 s) is no longer listed.
   */
  'heartbeatTime': (_google_protobuf_Timestamp__Output | null);
}
