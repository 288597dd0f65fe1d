import { ApiKeyFormat, type ParsedApiKey } from './api-key-format.ts';
import { AuthenticationError } from './tenancy-errors.ts';

/** The request metadata a key can arrive in (gRPC metadata keys are lowercase). */
export interface CredentialHeaders {
  authorization?: string | string[];
  'x-api-key'?: string | string[];
}

function single(name: string, value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    if (value.length > 1) throw new AuthenticationError('malformed', `${name} was sent more than once`);
    return value[0];
  }
  return value;
}

/**
 * Reads the API key from `authorization: Bearer <key>` or `x-api-key: <key>`. Sending both with different values is
 * an error rather than a silent preference, so a proxy that adds a header cannot switch the caller's tenant.
 */
export function presentedApiKey(headers: CredentialHeaders): ParsedApiKey {
  const authorization = single('authorization', headers.authorization)?.trim();
  const apiKeyHeader = single('x-api-key', headers['x-api-key'])?.trim();
  let fromAuthorization: string | undefined;
  if (authorization !== undefined && authorization !== '') {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1]) {
      throw new AuthenticationError('malformed', 'authorization must be "Bearer <api key>"');
    }
    fromAuthorization = match[1];
  }
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
