import { ExitCode } from './exit-codes.ts';

/** A failure the user can act on: printed as one line without a stack trace, exiting with its status. */
export class CliError extends Error {
  readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode = ExitCode.failed) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
