/**
 * The one table of `sieve`'s exit statuses, so that a script can tell "fix your command" from "start the gateway"
 * from "check your key" without reading messages. Every failure is a CliError carrying one of these; a failed gRPC
 * call gets its status from exitCodeOfStatus().
 */
export const ExitCode = {
  ok: 0,
  /** A failed operation: a server error, failed items, a head that failed to train. */
  failed: 1,
  /** A usage error: a bad flag or argument, a bad input file (nothing was sent). */
  usage: 2,
  /** The gateway could not be reached (UNAVAILABLE). */
  unreachable: 3,
  /** Authentication or permission: UNAUTHENTICATED, PERMISSION_DENIED. */
  auth: 4,
  /** What was named does not exist: NOT_FOUND. */
  notFound: 5,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * gRPC status codes by number (fixed by the gRPC specification, doc/statuscodes.md); numbers rather than
 * @grpc/grpc-js's enum so that `sieve --help` and `--version` never load the gRPC library.
 */
const BY_GRPC_STATUS: Readonly<Record<number, ExitCode>> = {
  3: ExitCode.usage, // INVALID_ARGUMENT: the request as given is wrong
  5: ExitCode.notFound, // NOT_FOUND
  7: ExitCode.auth, // PERMISSION_DENIED
  11: ExitCode.usage, // OUT_OF_RANGE (a results offset past the end)
  14: ExitCode.unreachable, // UNAVAILABLE
  16: ExitCode.auth, // UNAUTHENTICATED
};

/** The exit status for a call that failed with gRPC status `code`; anything not in the table is a failure (1). */
export function exitCodeOfStatus(code: number): ExitCode {
  return BY_GRPC_STATUS[code] ?? ExitCode.failed;
}

/** The epilogue of `sieve --help`. */
export const EXIT_CODES_HELP = `
Exit status:
  0  success
  1  the operation failed (server error, failed items)
  2  usage error: bad flag or argument, bad input file (nothing was sent); INVALID_ARGUMENT
  3  the gateway could not be reached (UNAVAILABLE)
  4  authentication or permission refused (UNAUTHENTICATED, PERMISSION_DENIED)
  5  not found (NOT_FOUND)

Output: stdout carries only data (ids, tables, JSON lines with --json); messages, warnings and progress go to
stderr. Progress bars show only when stderr is a terminal (--no-progress to hide them).`;
