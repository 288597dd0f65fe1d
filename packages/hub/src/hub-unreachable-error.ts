import { HubError } from './hub-error.ts';

const OFFLINE_HINT =
  'Serve a local model directory instead (SIEVE_MODEL_DIR=/path/to/model) or generate a synthetic one: ' +
  'pnpm sieve models synth --preset distilbert-multilingual --out models/distilbert-multilingual-synthetic';

/** No HTTP answer at all: DNS failure, refused connection, reset or timeout. */
export class HubUnreachableError extends HubError {
  readonly endpoint: string;
  /** The network-level reason, e.g. `getaddrinfo ENOTFOUND huggingface.co`. */
  readonly reason: string;

  constructor(endpoint: string, reason: string, options?: { cause?: unknown }) {
    super(`cannot reach the Hugging Face Hub at ${endpoint} (${reason}). ${OFFLINE_HINT}`, options);
    this.name = 'HubUnreachableError';
    this.endpoint = endpoint;
    this.reason = reason;
  }
}
