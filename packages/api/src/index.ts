// @sieve/api — the sieve.v1 contract for TypeScript: loaded protos, generated message types, rich errors.
export { loadSieveProtos, type SieveProtoGrpcType, type SieveProtos } from './sieve-protos.ts';
export { HEALTH_PROTO_DIR, PROTO_ROOT } from './proto-files.ts';
export { checkHealth, healthClient, type HealthStub } from './health-client.ts';
export { reflectionPackageDefinition } from './reflection-descriptors.ts';
export { ApiError, type ErrorReasonName } from './api-error.ts';
export {
  decodeStatusDetails,
  encodeStatusDetails,
  packDetails,
  statusDetailsOf,
  statusMetadata,
  unpackDetails,
  ERROR_DOMAIN,
  STATUS_DETAILS_KEY,
  type FieldViolation,
  type QuotaViolation,
  type StatusDetails,
} from './rich-status.ts';
export {
  TRUNCATION_NAME_OF_MODE,
  truncationModeOfName,
  type TruncationModeName,
  type TruncationName,
} from './truncation-names.ts';
export type * from './message-types.ts';
