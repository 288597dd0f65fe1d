// Original file: sieve/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface PurgeTenantDataResponse {
  /**
   * Redis keys removed.
   */
  'deletedKeys'?: (number | string | Long);
}

export interface PurgeTenantDataResponse__Output {
  /**
   * Redis keys removed.
   */
  'deletedKeys': (number);
}
