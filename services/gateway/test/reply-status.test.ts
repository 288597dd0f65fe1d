import { test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { ReplyStatus } from '@sieve/queue';

// The gateway passes a reply's error code to the caller as it came: the job contract's numbers must be grpc-js's.
test("every ReplyStatus is grpc-js's Status of the same name", () => {
  for (const [name, code] of Object.entries(ReplyStatus)) {
    assert.equal(code, status[name as keyof typeof status], name);
  }
});
