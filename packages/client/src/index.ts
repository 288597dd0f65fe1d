// @sieve/client — calling sieve from TypeScript beyond one unary call: batch jobs with streaming upload and
// resumable, ordered results.
export { BatchClient, type BatchClientOptions, type BatchSpecInit } from './batch-client.ts';
