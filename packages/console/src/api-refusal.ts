// What the console says when the gateway refuses or fails a call. Pure: tested under Node.

export type JsonRecord = Record<string, unknown>;

/** A refusal or failure of a call, with the message the console shows. */
export class ConsoleApiError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number,
    readonly grpcStatus: string | undefined,
  ) {
    super(message);
  }

  /** The token was refused: the console goes back to its sign-in form. */
  get signedOut(): boolean {
    return this.httpStatus === 401 || this.httpStatus === 403;
  }
}

/** The gateway's error body ({ error: { code, status, message } }) → what the operator reads. */
export function refusalOf(httpStatus: number, body: JsonRecord): ConsoleApiError {
  const error = (body.error as JsonRecord | undefined) ?? {};
  const grpcStatus = typeof error.status === 'string' ? error.status : undefined;
  const message = typeof error.message === 'string' ? error.message : '';
  if (httpStatus === 401 || httpStatus === 403) {
    return new ConsoleApiError(
      `The gateway refused this token (${httpStatus} ${grpcStatus ?? ''}). Sign in with the admin token ` +
        '(SIEVE_ADMIN_TOKEN); a tenant API key is not accepted here.',
      httpStatus,
      grpcStatus,
    );
  }
  if (httpStatus === 404 && grpcStatus === undefined) {
    return new ConsoleApiError(
      'This gateway does not serve that route (an older gateway, or the Admin HTTP routes are missing).',
      httpStatus,
      grpcStatus,
    );
  }
  return new ConsoleApiError(
    `${httpStatus} ${grpcStatus ?? ''}: ${message || 'the call failed'}`.trim(),
    httpStatus,
    grpcStatus,
  );
}
