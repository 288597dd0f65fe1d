// @sieve/client — calling sieve from TypeScript: classify (one call or a stream), models, batch jobs with streaming
// upload and resumable, ordered results, heads trained from a streamed upload of labelled examples; retries that
// honour RetryInfo within a budget and the call's deadline; several gateways or a DNS name.
export { SieveClient } from './sieve-client.ts';
export { SieveClientError } from './sieve-client-error.ts';
export type { ClassifyStreamResult } from './classify-stream-call.ts';
export type {
  CallOptions,
  ClassifyOptions,
  ClassifyStreamOptions,
  RetryEvent,
  SieveClientOptions,
} from './interfaces/client-options.ts';
export { DEFAULT_RETRY, type RetryOptions } from './retry-policy.ts';
export type { GatewayAddresses } from './gateway-targets.ts';
export type {
  Batch,
  BatchItemInit,
  BatchResult,
  ClassifyRequestInit,
  ClassifyResponse,
  Head,
  LabelScore,
  Model,
  StatusDetails,
  TextClassification,
} from '@sieve/api';
export { BatchClient, type BatchClientOptions, type BatchSpecInit } from './batch-client.ts';
export { gatewayChannelCredentials, type GatewayTlsOptions } from './channel-credentials.ts';
export { HeadsClient, type HeadSpecInit, type HeadsClientOptions } from './heads-client.ts';
