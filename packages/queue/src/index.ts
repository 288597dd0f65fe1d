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
  TruncationCode,
} from './classify-job.ts';
export { ReplyPublisher, ReplySubscriber } from './reply-channel.ts';
export {
  WorkerRegistry,
  type ServedModel,
  type UnservedModel,
  type WorkerAnnouncement,
} from './worker-registry.ts';
export { ClassifyEnqueuer, type EnqueuerOptions } from './classify-enqueuer.ts';
export { RequestCancellation } from './request-cancellation.ts';
export { redisConnection, type RedisClient, type RedisSettings } from './redis-connection.ts';
export { RequestIdMemo } from './request-id-memo.ts';
export {
  checkRedisRequirements,
  judgeRedisRequirements,
  readRedisNodeFacts,
  RedisRequirementError,
  type RedisNodeFacts,
  type RedisRequirementsVerdict,
} from './redis-requirements.ts';
export { TokenizerExchange } from './tokenizer-exchange.ts';
