/**
 * A pull or verification failure a user can act on. Its message is one line (no stack trace needed), so a CLI can
 * print it as it is.
 */
export class HubError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HubError';
  }
}
