/**
 * The gRPC status codes a worker puts in a reply's error (and in a batch item's stored error). They are grpc-js's
 * `Status` numbers, so the gateway hands them to the caller unchanged; this package knows nothing of gRPC, hence
 * its own copy of the few that workers send (services/gateway/test/reply-status.test.ts holds them to grpc-js's).
 */
export const ReplyStatus = {
  CANCELLED: 1,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  FAILED_PRECONDITION: 9,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

export type ReplyStatus = (typeof ReplyStatus)[keyof typeof ReplyStatus];
