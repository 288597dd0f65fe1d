import type { ApiError } from '@sieve/api';

/**
 * A request message the gateway would not decode (not protobuf, too many entries in a bounded field, too large for
 * a method anyone may call). grpc-js answers a deserializer that throws with INTERNAL "Error deserializing request"
 * from deep inside itself, where no interceptor sees it; so the deserializer returns a stand-in marked with the
 * refusal, and the admission interceptor (or the handler, for a refusal that answers one message of a stream) turns
 * it into the status.
 */
export interface DecodeRefusal {
  error: ApiError;
  /** `call`: the whole call fails with this status. `message`: the stream's handler answers this message with it. */
  scope: 'call' | 'message';
}

const refusals = new WeakMap<object, DecodeRefusal>();

/** `standIn` (what handlers receive instead of the message) marked with the refusal. */
export function refusedMessage<T extends object>(refusal: DecodeRefusal, standIn: T): T {
  refusals.set(standIn, refusal);
  return standIn;
}

/** The refusal a deserializer marked this message with, if any. */
export function decodeRefusalOf(message: unknown): DecodeRefusal | undefined {
  return message && typeof message === 'object' ? refusals.get(message) : undefined;
}
