// Original file: sieve/v1/admin.proto

import type { TenantBatch as _sieve_v1_TenantBatch, TenantBatch__Output as _sieve_v1_TenantBatch__Output } from '../../sieve/v1/TenantBatch';

export interface AdminListBatchesResponse {
  /**
   * Newest first. With filters a page may hold fewer than page_size batches (each call reads a bounded window of
   * the index): keep paging while next_page_token is set.
   */
  'batches'?: (_sieve_v1_TenantBatch)[];
  'nextPageToken'?: (string);
}

export interface AdminListBatchesResponse__Output {
  /**
   * Newest first. With filters a page may hold fewer than page_size batches (each call reads a bounded window of
   * the index): keep paging while next_page_token is set.
   */
  'batches': (_sieve_v1_TenantBatch__Output)[];
  'nextPageToken': (string);
}
