// The compact forms answers take in Redis: a call's answer read back is the answer given (results, flags, model,
// digest, request id, tokens, timings to the microsecond), in about a third of its JSON; unreadable text is no answer.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ClassifyResponseInit } from '@sieve/api';
import {
  decodeResponse,
  decodeText,
  encodeResponse,
  encodeText,
} from '../../src/inference/answer-encoding.ts';

const response: ClassifyResponseInit = {
  results: [
    {
      labels: [
        { label: 'positive', score: 0.8123456789 },
        { label: 'negative', score: 0.1876543211 },
      ],
      tokenCount: 12,
      truncated: false,
      cached: true,
    },
    { labels: [{ label: 'neutral', score: 1 }], tokenCount: 512, truncated: true, cached: false },
  ],
  model: 'sentiment@1+spam@3',
  modelDigest: 'sha256:0123456789abcdef',
  requestId: 'order-7',
  tokenCount: 524,
  timings: {
    total: { seconds: 1, nanos: 250_000_000 },
    queue: { seconds: 0, nanos: 3_500_000 },
    tokenization: { seconds: 0, nanos: 125_000 },
    inference: { seconds: 0, nanos: 42_000_000 },
  },
};

describe('answer encoding', () => {
  it('reads back the answer it was given', () => {
    assert.deepEqual(decodeResponse(encodeResponse(response)), response);
    for (const result of response.results!) assert.deepEqual(decodeText(encodeText(result)), result);
  });

  it('takes well under half the bytes of the answer as JSON', () => {
    const results = Array.from({ length: 256 }, () => response.results![0]!);
    const compact = encodeResponse({ ...response, results }).length;
    const plain = JSON.stringify({ ...response, results }).length;
    assert.ok(compact < plain * 0.45, `${compact} bytes vs ${plain} as JSON`);
  });

  it('reads anything else as no answer', () => {
    for (const text of ['', 'not json', '{}', '[1,2]', '{"m":1,"ms":[],"r":[]}']) {
      assert.equal(decodeResponse(text), undefined, text);
    }
  });
});
