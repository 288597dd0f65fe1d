/**
 * Errors are values: every failure this package reports is one of these classes, so the gateway maps them to gRPC
 * statuses and ErrorInfo reasons without parsing messages. None of them ever carries a presented secret.
 */
export class TenancyError extends Error {
  override readonly name: string = 'TenancyError';
}

/** The tenants file did not parse or validate; `issues` name each path, e.g. `tenants[2].limits.texts_per_minute`. */
export class TenantFileError extends TenancyError {
  override readonly name = 'TenantFileError';
  constructor(
    readonly file: string,
    readonly issues: readonly string[],
  ) {
    super(`tenants file ${file} is invalid:\n  ${issues.join('\n  ')}`);
  }
}

export type AuthenticationFailure =
  | 'missing'
  | 'malformed'
  | 'unknown-key'
  | 'revoked'
  | 'expired'
  | 'tenant-disabled';

/**
 * The presented key does not authenticate. `failure` is for logs and metrics; the caller should answer every
 * failure but `tenant-disabled` with the same INVALID_API_KEY so that a guesser learns nothing about which keys exist.
 */
export class AuthenticationError extends TenancyError {
  override readonly name = 'AuthenticationError';
  constructor(
    readonly failure: AuthenticationFailure,
    message: string,
    /** The public key id when one could be parsed; never the secret. */
    readonly keyId?: string,
  ) {
    super(message);
  }
}

export class TenantNotFoundError extends TenancyError {
  override readonly name = 'TenantNotFoundError';
  constructor(readonly tenantId: string) {
    super(`tenant "${tenantId}" does not exist`);
  }
}

export class TenantExistsError extends TenancyError {
  override readonly name = 'TenantExistsError';
  constructor(readonly tenantId: string) {
    super(`tenant "${tenantId}" already exists`);
  }
}

export class ApiKeyNotFoundError extends TenancyError {
  override readonly name = 'ApiKeyNotFoundError';
  constructor(
    readonly tenantId: string,
    readonly keyId: string,
  ) {
    super(`tenant "${tenantId}" has no API key "${keyId}"`);
  }
}

/** Tenants (and their keys) defined in the tenants file cannot be changed through the Admin API. */
export class ReadOnlyTenantError extends TenancyError {
  override readonly name = 'ReadOnlyTenantError';
  constructor(
    readonly tenantId: string,
    action: string,
  ) {
    super(
      `cannot ${action}: tenant "${tenantId}" is defined in the tenants file and is read-only through the Admin API; edit the file instead`,
    );
  }
}

/** A tenant definition given to the store broke a rule (bad id, weight < 1, ...). */
export class InvalidTenantError extends TenancyError {
  override readonly name = 'InvalidTenantError';
  constructor(readonly issues: readonly string[]) {
    super(`invalid tenant: ${issues.join('; ')}`);
  }
}

/**
 * A tenant limit rejected a request (RESOURCE_EXHAUSTED with QuotaFailure naming `limit` and RetryInfo of
 * `retryAfterMs`). Returned by QuotaLedger.admit, not thrown: rejection is an expected outcome.
 */
export class QuotaExceededError extends TenancyError {
  override readonly name = 'QuotaExceededError';
  constructor(
    readonly tenantId: string,
    readonly limit: string,
    /** ErrorInfo-style reason, e.g. QUOTA_TEXTS_PER_MINUTE (also the usage rejection key). */
    readonly reason: string,
    readonly max: number,
    readonly requested: number,
    readonly remaining: number,
    readonly retryAfterMs: number,
    readonly retryable: boolean,
  ) {
    super(
      retryable
        ? `tenant "${tenantId}" exceeded ${limit} (limit ${max}, requested ${requested}, remaining ${remaining}); retry in ${retryAfterMs} ms`
        : `tenant "${tenantId}": request of ${requested} exceeds ${limit} (limit ${max}); it can never be admitted, split it`,
    );
  }
}

/** A page token of Admin.ListTenants that this server did not hand out (INVALID_ARGUMENT naming page_token). */
export class TenantPageTokenError extends TenancyError {
  override readonly name = 'TenantPageTokenError';
  constructor(token: string) {
    super(`page_token "${token.slice(0, 40)}" is not one this server returned`);
  }
}

/** Redis failed while checking or recording quota or usage (BACKEND_UNAVAILABLE at the edge). */
export class TenancyBackendError extends TenancyError {
  override readonly name = 'TenancyBackendError';
  constructor(
    action: string,
    override readonly cause: unknown,
  ) {
    super(`${action} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
