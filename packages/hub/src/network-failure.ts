/**
 * fetch() reports every network failure as `TypeError: fetch failed` (or `terminated` mid-body); the useful part,
 * such as `getaddrinfo ENOTFOUND huggingface.co` or `connect ECONNREFUSED 127.0.0.1:443`, is in its cause chain.
 */
export function describeNetworkFailure(error: unknown): string {
  let best: string | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth += 1) {
    if (current instanceof AggregateError && current.errors.length > 0) {
      current = current.errors[0];
      continue;
    }
    if (current instanceof Error || typeof current === 'object') {
      const { message, code } = current as { message?: unknown; code?: unknown };
      if (typeof message === 'string' && message !== '' && !GENERIC_MESSAGES.has(message)) best = message;
      else if (typeof code === 'string' && best === undefined) best = code;
      current = (current as { cause?: unknown }).cause;
      continue;
    }
    best ??= String(current);
    break;
  }
  return (best ?? (error instanceof Error ? error.message : String(error))).replace(/\s+/g, ' ').trim();
}

const GENERIC_MESSAGES = new Set(['fetch failed', 'terminated', 'This operation was aborted']);
