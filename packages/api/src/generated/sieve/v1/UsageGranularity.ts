// Original file: sieve/v1/admin.proto

export const UsageGranularity = {
  USAGE_GRANULARITY_UNSPECIFIED: 'USAGE_GRANULARITY_UNSPECIFIED',
  USAGE_GRANULARITY_HOUR: 'USAGE_GRANULARITY_HOUR',
  USAGE_GRANULARITY_DAY: 'USAGE_GRANULARITY_DAY',
} as const;

export type UsageGranularity =
  | 'USAGE_GRANULARITY_UNSPECIFIED'
  | 0
  | 'USAGE_GRANULARITY_HOUR'
  | 1
  | 'USAGE_GRANULARITY_DAY'
  | 2

export type UsageGranularity__Output = typeof UsageGranularity[keyof typeof UsageGranularity]
