// @sieve/client — calling sieve from TypeScript beyond one unary call: batch jobs with streaming upload and
// resumable, ordered results; heads trained from a streamed upload of labelled examples.
export { BatchClient, type BatchClientOptions, type BatchSpecInit } from './batch-client.ts';
export { gatewayChannelCredentials, type GatewayTlsOptions } from './channel-credentials.ts';
export { HeadsClient, type HeadSpecInit, type HeadsClientOptions } from './heads-client.ts';
