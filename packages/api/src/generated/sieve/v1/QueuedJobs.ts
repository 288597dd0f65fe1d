// Original file: sieve/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Jobs in one tenant's queue of a model version that no worker has taken yet (waiting) or holds (active).
 */
export interface QueuedJobs {
  'tenantId'?: (string);
  /**
   * Batch-job chunks rather than interactive calls.
   */
  'batch'?: (boolean);
  'waiting'?: (number | string | Long);
  'active'?: (number | string | Long);
}

/**
 * Jobs in one tenant's queue of a model version that no worker has taken yet (waiting) or holds (active).
 */
export interface QueuedJobs__Output {
  'tenantId': (string);
  /**
   * Batch-job chunks rather than interactive calls.
   */
  'batch': (boolean);
  'waiting': (number);
  'active': (number);
}
