// Original file: sieve/v1/admin.proto

import type { UsageBucket as _sieve_v1_UsageBucket, UsageBucket__Output as _sieve_v1_UsageBucket__Output } from '../../sieve/v1/UsageBucket';

export interface GetUsageResponse {
  'tenantId'?: (string);
  'buckets'?: (_sieve_v1_UsageBucket)[];
}

export interface GetUsageResponse__Output {
  'tenantId': (string);
  'buckets': (_sieve_v1_UsageBucket__Output)[];
}
