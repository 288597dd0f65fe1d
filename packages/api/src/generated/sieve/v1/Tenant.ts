// Original file: sieve/v1/admin.proto

import type { TenantLimits as _sieve_v1_TenantLimits, TenantLimits__Output as _sieve_v1_TenantLimits__Output } from '../../sieve/v1/TenantLimits';
import type { Priority as _sieve_v1_Priority, Priority__Output as _sieve_v1_Priority__Output } from '../../sieve/v1/Priority';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface Tenant {
  /**
   * Lowercase letters, digits and '-', 1 to 63 characters.
   */
  'id'?: (string);
  'displayName'?: (string);
  /**
   * Model names (without version) the tenant may call; empty allows every model.
   */
  'allowedModels'?: (string)[];
  'limits'?: (_sieve_v1_TenantLimits | null);
  /**
   * Share of capacity relative to other tenants in the same priority class. 0 means 1.
   */
  'weight'?: (number);
  /**
   * Class used when a request leaves priority unspecified.
   */
  'defaultPriority'?: (_sieve_v1_Priority);
  /**
   * A disabled tenant's keys answer PERMISSION_DENIED.
   */
  'disabled'?: (boolean);
  /**
   * Opt out of the shared response cache for repeated texts.
   */
  'disableResponseCache'?: (boolean);
  'createTime'?: (_google_protobuf_Timestamp | null);
  'updateTime'?: (_google_protobuf_Timestamp | null);
}

export interface Tenant__Output {
  /**
   * Lowercase letters, digits and '-', 1 to 63 characters.
   */
  'id': (string);
  'displayName': (string);
  /**
   * Model names (without version) the tenant may call; empty allows every model.
   */
  'allowedModels': (string)[];
  'limits': (_sieve_v1_TenantLimits__Output | null);
  /**
   * Share of capacity relative to other tenants in the same priority class. 0 means 1.
   */
  'weight': (number);
  /**
   * Class used when a request leaves priority unspecified.
   */
  'defaultPriority': (_sieve_v1_Priority__Output);
  /**
   * A disabled tenant's keys answer PERMISSION_DENIED.
   */
  'disabled': (boolean);
  /**
   * Opt out of the shared response cache for repeated texts.
   */
  'disableResponseCache': (boolean);
  'createTime': (_google_protobuf_Timestamp__Output | null);
  'updateTime': (_google_protobuf_Timestamp__Output | null);
}
