import { ApiKeyFormat, type ParsedApiKey } from './api-key-format.ts';
import { AuthenticationError } from './tenancy-errors.ts';

/** The request metadata a credential can arrive in (gRPC metadata keys are lowercase), every value as sent. */
export interface CredentialHeaders {
  authorization?: string | string[];
  'x-api-key'?: string | string[];
}

/**
 * The one value of a credential header. A header sent more than once is refused, never resolved by taking one of
 * them: a proxy or a library that adds its own credential must not decide which caller a request belongs to. (The
 * HTTP/2 layer keeps every value for this check; see the gateway's repeated-credential-headers.)
 */
function single(name: keyof CredentialHeaders, value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    if (value.length > 1) throw new AuthenticationError('malformed', `${name} was sent more than once`);
    return value[0];
  }
  return value;
}

/**
 * The credential of `authorization: Bearer <credential>`, or undefined when no authorization header came (or an
 * empty one). The one rule for every credential the gateway reads, tenant API keys and the admin token alike:
 * exactly one header, in the Bearer scheme.
 */
export function presentedBearer(headers: Pick<CredentialHeaders, 'authorization'>): string | undefined {
  const authorization = single('authorization', headers.authorization)?.trim();
  if (authorization === undefined || authorization === '') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match?.[1]) throw new AuthenticationError('malformed', 'authorization must be "Bearer <credential>"');
  return match[1];
}

/**
 * Reads the API key from `authorization: Bearer <key>` or `x-api-key: <key>`. Sending both with different values is
 * an error rather than a silent preference, so a proxy that adds a header cannot switch the caller's tenant.
 */
export function presentedApiKey(headers: CredentialHeaders): ParsedApiKey {
  const fromAuthorization = presentedBearer(headers);
  const apiKeyHeader = single('x-api-key', headers['x-api-key'])?.trim();
  if (fromAuthorization !== undefined && apiKeyHeader && apiKeyHeader !== fromAuthorization) {
    throw new AuthenticationError('malformed', 'authorization and x-api-key carry different keys; send one');
  }
  const key = fromAuthorization ?? (apiKeyHeader || undefined);
  if (key === undefined) {
    throw new AuthenticationError(
      'missing',
      'no API key: send "authorization: Bearer <api key>" or "x-api-key"',
    );
  }
  return ApiKeyFormat.parse(key);
}
