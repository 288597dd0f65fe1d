// Original file: sieve/v1/admin.proto

import type { Tenant as _sieve_v1_Tenant, Tenant__Output as _sieve_v1_Tenant__Output } from '../../sieve/v1/Tenant';
import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from '../../google/protobuf/FieldMask';

export interface UpdateTenantRequest {
  'tenant'?: (_sieve_v1_Tenant | null);
  /**
   * Fields of `tenant` to change, e.g. "limits.texts_per_minute"; empty replaces every field but id.
   */
  'updateMask'?: (_google_protobuf_FieldMask | null);
}

export interface UpdateTenantRequest__Output {
  'tenant': (_sieve_v1_Tenant__Output | null);
  /**
   * Fields of `tenant` to change, e.g. "limits.texts_per_minute"; empty replaces every field but id.
   */
  'updateMask': (_google_protobuf_FieldMask__Output | null);
}
