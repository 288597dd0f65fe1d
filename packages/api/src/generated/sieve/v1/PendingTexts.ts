// Original file: sieve/v1/admin.proto

import type { Priority as _sieve_v1_Priority, Priority__Output as _sieve_v1_Priority__Output } from '../../sieve/v1/Priority';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';
import type { Long } from '@grpc/proto-loader';

/**
 * Texts waiting in workers' batchers for one tenant and priority class of one model version.
 */
export interface PendingTexts {
  'tenantId'?: (string);
  /**
   * The call's class; PRIORITY_UNSPECIFIED for batch-job texts (`batch`), which run below LOW.
   */
  'priority'?: (_sieve_v1_Priority);
  'batch'?: (boolean);
  'texts'?: (number | string | Long);
  /**
   * How long the oldest of them has waited in a worker since it took their job, as of that worker's last heartbeat
   * (jobs no worker has taken yet are counted in QueuedJobs.waiting).
   */
  'oldestWait'?: (_google_protobuf_Duration | null);
}

/**
 * Texts waiting in workers' batchers for one tenant and priority class of one model version.
 */
export interface PendingTexts__Output {
  'tenantId': (string);
  /**
   * The call's class; PRIORITY_UNSPECIFIED for batch-job texts (`batch`), which run below LOW.
   */
  'priority': (_sieve_v1_Priority__Output);
  'batch': (boolean);
  'texts': (number);
  /**
   * How long the oldest of them has waited in a worker since it took their job, as of that worker's last heartbeat
   * (jobs no worker has taken yet are counted in QueuedJobs.waiting).
   */
  'oldestWait': (_google_protobuf_Duration__Output | null);
}
