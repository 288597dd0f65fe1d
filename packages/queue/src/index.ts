// @sieve/queue — how work travels between gateways and workers over Redis. Knows nothing of ONNX or gRPC.
export { queueKeys, type QueueKeys } from './queue-keys.ts';
export type {
  ClassifyJob,
  JobHead,
  JobRequest,
  Reply,
  ReplyError,
  ReplyTimings,
  TextOutcome,
} from './classify-job.ts';
export { ReplyStatus } from './reply-status.ts';
export {
  TRUNCATION_CODE_OF_MODE,
  TRUNCATION_MODE_OF_CODE,
  type TruncationCode,
  type TruncationModeName,
} from './truncation-code.ts';
export { ReplyPublisher, ReplySubscriber } from './reply-channel.ts';
export {
  WorkerRegistry,
  type ModelBacklog,
  type ServedModel,
  type UnservedModel,
  type WorkerAnnouncement,
} from './worker-registry.ts';
export { GatewayRegistry, type GatewayAnnouncement } from './gateway-registry.ts';
export { ClassifyEnqueuer, type EnqueuerOptions } from './classify-enqueuer.ts';
export { RequestCancellation } from './request-cancellation.ts';
export { CancellationFeed } from './cancellation-feed.ts';
export { RequestIdMemo, type Recalled } from './request-id-memo.ts';
export { ResponseCacheStore, type AnswerOptions } from './response-cache-store.ts';
export {
  BoundedTenantStore,
  ENTRY_OVERHEAD_BYTES,
  entryBytes,
  type BoundedTenantStoreOptions,
  type BoundedWrite,
} from './bounded-tenant-store.ts';
export { KeyedDigest, MIN_SECRET_BYTES } from './keyed-digest.ts';
export { TokenizerExchange } from './tokenizer-exchange.ts';
