import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maxMessageBytesOf } from '@sieve/config';
import { requestTypeOf } from '../../src/edge/request-message-types.ts';

/** The largest ClassifyStream request (a Classify request and more) valid under these limits, encoded. */
function largestValidRequestBytes(maxTexts: number, maxTextBytes: number): number {
  const type = requestTypeOf('/sieve.v1.Inference/ClassifyStream')!;
  // Names at their character limits, in characters of 3 UTF-8 bytes (the most one UTF-16 unit takes).
  const request = {
    model: '€'.repeat(256),
    texts: Array.from({ length: maxTexts }, () => 'a'.repeat(maxTextBytes)),
    options: { topK: 2_147_483_647, rawScores: true, truncation: 3 },
    priority: 3,
    requestId: '€'.repeat(128),
  };
  return type.encode(type.fromObject({ correlationId: '€'.repeat(128), request })).finish().length;
}

describe('the default message size limit', () => {
  for (const [maxTexts, maxTextBytes] of [
    [256, 64 << 10],
    [8, 1024],
    [1, 1],
    [512, 20_000],
  ] as const) {
    it(`fits the largest valid request of ${maxTexts} texts of ${maxTextBytes} bytes, and little more`, () => {
      const limit = maxMessageBytesOf({
        SIEVE_MAX_MESSAGE_BYTES: undefined,
        SIEVE_MAX_TEXTS_PER_CALL: maxTexts,
        SIEVE_MAX_TEXT_BYTES: maxTextBytes,
      });
      const largest = largestValidRequestBytes(maxTexts, maxTextBytes);
      assert.ok(largest <= limit, `${largest} bytes do not fit in ${limit}`);
      assert.ok(limit - largest <= 4096, `${limit - largest} bytes to spare`);
    });
  }

  it('is 16 MiB and 5 KiB with the default limits, and an explicit setting wins', () => {
    const defaults = { SIEVE_MAX_TEXTS_PER_CALL: 256, SIEVE_MAX_TEXT_BYTES: 64 << 10 };
    assert.equal(
      maxMessageBytesOf({ ...defaults, SIEVE_MAX_MESSAGE_BYTES: undefined }),
      (16 << 20) + 1024 + 4096,
    );
    assert.equal(maxMessageBytesOf({ ...defaults, SIEVE_MAX_MESSAGE_BYTES: 65_536 }), 65_536);
  });
});
