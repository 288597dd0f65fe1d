import { TenantPageTokenError } from './tenancy-errors.ts';
import { TENANT_ID_PATTERN } from './tenant-spec.ts';

// A page of tenants continues after the last id of the one before: ids are unique and never change, so tenants
// created or deleted while an operator pages through never shift a page (the token is a cursor, not an offset).

export function encodeTenantPageToken(lastId: string): string {
  return Buffer.from(`t:${lastId}`).toString('base64url');
}

/** The id a page continues after; a token this server never returned is a TenantPageTokenError. */
export function decodeTenantPageToken(token: string): string {
  const match = /^t:(.+)$/.exec(Buffer.from(token, 'base64url').toString());
  if (!match || !TENANT_ID_PATTERN.test(match[1]!)) throw new TenantPageTokenError(token);
  return match[1]!;
}
