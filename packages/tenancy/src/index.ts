// @sieve/tenancy — who is calling (tenants, API keys), what they may use (quotas) and what they used (usage).
export {
  TENANT_ID_PATTERN,
  TENANT_PRIORITIES,
  tenantAllowsModel,
  type ApiKeyRecord,
  type TenantEntry,
  type TenantLimits,
  type TenantPriority,
  type TenantSource,
  type TenantSpec,
} from './tenant-spec.ts';
export {
  TenancyError,
  TenantFileError,
  AuthenticationError,
  type AuthenticationFailure,
  TenantNotFoundError,
  TenantExistsError,
  ApiKeyNotFoundError,
  ReadOnlyTenantError,
  InvalidTenantError,
  QuotaExceededError,
  TenancyBackendError,
  TenantPageTokenError,
} from './tenancy-errors.ts';
export { parseTenantFile, type ParsedTenantFile } from './tenant-file-schema.ts';
export { TenantDirectory } from './tenant-directory.ts';
export { TenantFileWatcher, type TenantFileWatcherOptions } from './tenant-file-watcher.ts';
export { ApiKeyHasher } from './api-key-hasher.ts';
export { ApiKeyFormat, type GeneratedApiKey, type ParsedApiKey } from './api-key-format.ts';
export { presentedApiKey, presentedBearer, type CredentialHeaders } from './presented-credential.ts';
export { tenantFromInput, type TenantInput } from './tenant-input.ts';
export {
  TenantStore,
  DEFAULT_ROTATION_GRACE_MS,
  type Authenticated,
  type IssuedKey,
  type TenantPage,
  type TenantPageQuery,
  type TenantStoreOptions,
} from './tenant-store.ts';
export { tenancyKeys, type TenancyKeys } from './tenancy-keys.ts';
export {
  QUOTA_LIMITS,
  quotaChecks,
  impossibleDemand,
  tightestShortfall,
  tightestRemaining,
  remainingHeaderName,
  type QuotaCheck,
  type QuotaDemand,
  type QuotaLimitDefinition,
  type QuotaLimitKind,
  type QuotaLimitName,
  type QuotaRemaining,
  type QuotaShortfall,
} from './quota-limits.ts';
export {
  QuotaLedger,
  type Admission,
  type AdmitRequest,
  type QuotaLease,
  type QuotaLedgerOptions,
} from './quota-ledger.ts';
export {
  UsageLedger,
  type UsageBucket,
  type UsageLedgerOptions,
  type UsageQuery,
  type UsageRecord,
} from './usage-ledger.ts';
export { UsageAccumulator } from './usage-accumulator.ts';
export { BufferedUsageRecorder, type BufferedUsageRecorderOptions } from './buffered-usage-recorder.ts';
export {
  bucketStart,
  bucketLabel,
  bucketStartsBetween,
  msUntilNextUtcDay,
  utcDayLabel,
  type UsageGranularity,
} from './time-buckets.ts';
