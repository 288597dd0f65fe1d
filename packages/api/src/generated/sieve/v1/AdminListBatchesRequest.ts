// Original file: sieve/v1/admin.proto

import type { BatchState as _sieve_v1_BatchState, BatchState__Output as _sieve_v1_BatchState__Output } from '../../sieve/v1/BatchState';

export interface AdminListBatchesRequest {
  /**
   * Only this tenant's batches; empty for every tenant.
   */
  'tenantId'?: (string);
  /**
   * Only batches in this state; unspecified lists all.
   */
  'state'?: (_sieve_v1_BatchState);
  /**
   * Only batches of this model: "name" matches every version, "name@version" one; empty for every model.
   */
  'model'?: (string);
  /**
   * At most 1000; 0 means 100.
   */
  'pageSize'?: (number);
  'pageToken'?: (string);
}

export interface AdminListBatchesRequest__Output {
  /**
   * Only this tenant's batches; empty for every tenant.
   */
  'tenantId': (string);
  /**
   * Only batches in this state; unspecified lists all.
   */
  'state': (_sieve_v1_BatchState__Output);
  /**
   * Only batches of this model: "name" matches every version, "name@version" one; empty for every model.
   */
  'model': (string);
  /**
   * At most 1000; 0 means 100.
   */
  'pageSize': (number);
  'pageToken': (string);
}
