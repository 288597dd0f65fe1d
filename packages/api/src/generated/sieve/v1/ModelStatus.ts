// Original file: sieve/v1/admin.proto

import type { Model as _sieve_v1_Model, Model__Output as _sieve_v1_Model__Output } from '../../sieve/v1/Model';
import type { PendingTexts as _sieve_v1_PendingTexts, PendingTexts__Output as _sieve_v1_PendingTexts__Output } from '../../sieve/v1/PendingTexts';
import type { QueuedJobs as _sieve_v1_QueuedJobs, QueuedJobs__Output as _sieve_v1_QueuedJobs__Output } from '../../sieve/v1/QueuedJobs';

export interface ModelStatus {
  /**
   * As Models.Get answers it: state, digest, worker count, providers, adapters.
   */
  'model'?: (_sieve_v1_Model | null);
  /**
   * The live workers serving it (ids in `GetClusterStatusResponse.workers`).
   */
  'workerIds'?: (string)[];
  /**
   * Texts in its workers' batchers, most first; at most 100 groups.
   */
  'pending'?: (_sieve_v1_PendingTexts)[];
  /**
   * Jobs in its queues (the workers' last sample), most waiting first; at most 100 groups.
   */
  'queued'?: (_sieve_v1_QueuedJobs)[];
  /**
   * True when `pending` or `queued` left groups out.
   */
  'truncated'?: (boolean);
}

export interface ModelStatus__Output {
  /**
   * As Models.Get answers it: state, digest, worker count, providers, adapters.
   */
  'model': (_sieve_v1_Model__Output | null);
  /**
   * The live workers serving it (ids in `GetClusterStatusResponse.workers`).
   */
  'workerIds': (string)[];
  /**
   * Texts in its workers' batchers, most first; at most 100 groups.
   */
  'pending': (_sieve_v1_PendingTexts__Output)[];
  /**
   * Jobs in its queues (the workers' last sample), most waiting first; at most 100 groups.
   */
  'queued': (_sieve_v1_QueuedJobs__Output)[];
  /**
   * True when `pending` or `queued` left groups out.
   */
  'truncated': (boolean);
}
