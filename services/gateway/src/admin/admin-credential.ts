import { status, type Metadata } from '@grpc/grpc-js';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiError } from '@sieve/api';
import { AuthenticationError, presentedBearer } from '@sieve/tenancy';
import { credentialHeadersOf } from '../edge/repeated-credential-headers.ts';

/**
 * The Admin API's credential (never a tenant key): `authorization: Bearer <admin token>`, read by the same rule as
 * tenant keys (one header, Bearer scheme), compared in constant time through hashes of equal length.
 */
export class AdminCredential {
  private readonly expected: Buffer;

  constructor(token: string) {
    this.expected = createHash('sha256').update(token).digest();
  }

  /** Throws UNAUTHENTICATED (no usable credential) or PERMISSION_DENIED (another one) as an ApiError. */
  check(metadata: Metadata): void {
    let presented: string | undefined;
    try {
      presented = presentedBearer(credentialHeadersOf(metadata));
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      throw ApiError.withReason(status.UNAUTHENTICATED, 'ADMIN_CREDENTIAL_REQUIRED', error.message);
    }
    if (!presented) {
      throw ApiError.withReason(
        status.UNAUTHENTICATED,
        'ADMIN_CREDENTIAL_REQUIRED',
        'the Admin API needs `authorization: Bearer <admin token>`',
      );
    }
    if (!timingSafeEqual(createHash('sha256').update(presented).digest(), this.expected)) {
      throw ApiError.withReason(
        status.PERMISSION_DENIED,
        'ADMIN_CREDENTIAL_REQUIRED',
        'not the admin credential',
      );
    }
  }
}
