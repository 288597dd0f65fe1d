// Original file: sieve/v1/classification.proto

/**
 * Scheduling class of a request. Within a class, tenants share capacity by weight.
 */
export const Priority = {
  /**
   * The tenant's default class (NORMAL unless the tenant is configured otherwise).
   */
  PRIORITY_UNSPECIFIED: 'PRIORITY_UNSPECIFIED',
  PRIORITY_HIGH: 'PRIORITY_HIGH',
  PRIORITY_NORMAL: 'PRIORITY_NORMAL',
  /**
   * Bulk interactive traffic that may wait behind NORMAL; batch jobs run below this.
   */
  PRIORITY_LOW: 'PRIORITY_LOW',
} as const;

/**
 * Scheduling class of a request. Within a class, tenants share capacity by weight.
 */
export type Priority =
  /**
   * The tenant's default class (NORMAL unless the tenant is configured otherwise).
   */
  | 'PRIORITY_UNSPECIFIED'
  | 0
  | 'PRIORITY_HIGH'
  | 1
  | 'PRIORITY_NORMAL'
  | 2
  /**
   * Bulk interactive traffic that may wait behind NORMAL; batch jobs run below this.
   */
  | 'PRIORITY_LOW'
  | 3

/**
 * Scheduling class of a request. Within a class, tenants share capacity by weight.
 */
export type Priority__Output = typeof Priority[keyof typeof Priority]
