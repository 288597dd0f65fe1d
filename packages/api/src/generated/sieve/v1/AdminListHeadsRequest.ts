// Original file: sieve/v1/admin.proto


export interface AdminListHeadsRequest {
  /**
   * Required.
   */
  'tenantId'?: (string);
  /**
   * Only heads on this base model (its name); empty lists them all.
   */
  'baseModel'?: (string);
}

export interface AdminListHeadsRequest__Output {
  /**
   * Required.
   */
  'tenantId': (string);
  /**
   * Only heads on this base model (its name); empty lists them all.
   */
  'baseModel': (string);
}
