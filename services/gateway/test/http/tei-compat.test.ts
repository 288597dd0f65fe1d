import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { ApiError } from '@sieve/api';
import { teiErrorOf, teiInfoOf, teiPredictionsOf, teiPredictOf } from '../../src/http/tei-compat.ts';

// The request forms and answer shapes of TEI's docs/openapi.json (PredictRequest, PredictInput, PredictResponse,
// Info, ErrorResponse) and of its router test of /predict: {"inputs": "test"} answers a list of {score, label};
// {"inputs": [["test"], ...]} a list of such lists, each equal to the single answer.

describe("TEI's /predict request forms", () => {
  it('reads one string as one text, answered as a single list', () => {
    assert.deepEqual(teiPredictOf({ inputs: 'What is Deep Learning?' }), {
      texts: ['What is Deep Learning?'],
      batch: false,
      options: { rawScores: false, truncation: 'TRUNCATION_NONE' },
    });
  });

  it('reads a batch of one-string lists as a batch', () => {
    const read = teiPredictOf({ inputs: [['test'], ['test'], ['other']], raw_scores: true, truncate: true });
    assert.deepEqual(read, {
      texts: ['test', 'test', 'other'],
      batch: true,
      options: { rawScores: true, truncation: 'TRUNCATION_RIGHT' },
    });
  });

  it('cuts on the left when truncation_direction says so', () => {
    const read = teiPredictOf({ inputs: 'x', truncate: true, truncation_direction: 'Left' });
    assert.ok('options' in read);
    assert.equal(read.options.truncation, 'TRUNCATION_LEFT');
  });

  it('refuses pairs, an empty batch and what is not PredictInput, with TEI error types', () => {
    const cases: Array<[unknown, number, string]> = [
      [{ inputs: ['a', 'b'] }, 413, 'Validation'],
      [{ inputs: [['a', 'b']] }, 413, 'Validation'],
      [{ inputs: [] }, 400, 'Empty'],
      [{ inputs: 3 }, 422, 'Validation'],
      [{ inputs: [[]] }, 422, 'Validation'],
      [{ inputs: 'x', raw_scores: 'yes' }, 422, 'Validation'],
      [{ inputs: 'x', unexpected: 1 }, 422, 'Validation'],
      [['not an object'], 422, 'Validation'],
    ];
    for (const [body, code, type] of cases) {
      const read = teiPredictOf(body);
      assert.ok('status' in read, JSON.stringify(body));
      assert.equal(read.status, code, JSON.stringify(body));
      assert.equal(read.body.error_type, type);
      assert.deepEqual(Object.keys(read.body).sort(), ['error', 'error_type']);
    }
  });
});

describe("TEI's answers", () => {
  const response = {
    results: [
      {
        labels: [
          { label: 'negative', score: 0.1 },
          { label: 'positive', score: 0.9 },
        ],
      },
      {
        labels: [
          { label: 'negative', score: 0.7 },
          { label: 'positive', score: 0.3 },
        ],
      },
    ],
  };

  it('lists every label with its score, highest first, as {score, label}', () => {
    assert.deepEqual(teiPredictionsOf(response, false), [
      { score: 0.9, label: 'positive' },
      { score: 0.1, label: 'negative' },
    ]);
    assert.deepEqual(teiPredictionsOf(response, true), [
      [
        { score: 0.9, label: 'positive' },
        { score: 0.1, label: 'negative' },
      ],
      [
        { score: 0.7, label: 'negative' },
        { score: 0.3, label: 'positive' },
      ],
    ]);
  });

  it("gives Info's required fields, with the classifier's labels both ways", () => {
    const info = teiInfoOf(
      {
        name: 'sentiment',
        version: '3',
        digest: 'sha256:ab',
        labels: ['negative', 'positive'],
        maxLength: 512,
        dtype: 'fp16',
        workerCount: 2,
      },
      { maxConcurrentRequests: 20000, maxClientBatchSize: 256, version: '0.1.0' },
    );
    for (const field of [
      'model_id',
      'model_dtype',
      'model_type',
      'max_concurrent_requests',
      'max_input_length',
      'max_batch_tokens',
      'max_client_batch_size',
      'auto_truncate',
      'tokenization_workers',
      'version',
    ])
      assert.ok(field in info, field);
    assert.equal(info.model_id, 'sentiment@3');
    assert.equal(info.model_dtype, 'float16');
    assert.deepEqual(info.model_type, {
      classifier: { id2label: { '0': 'negative', '1': 'positive' }, label2id: { negative: 0, positive: 1 } },
    });
    assert.equal(info.max_input_length, 512);
    assert.equal(info.max_client_batch_size, 256);
  });

  it("answers sieve's errors with TEI's statuses and types", () => {
    const quota = teiErrorOf(
      ApiError.withReason(status.RESOURCE_EXHAUSTED, 'QUOTA_EXCEEDED', 'used up', { retryDelayMs: 1200 }),
    );
    assert.deepEqual(quota, {
      status: 429,
      body: { error: 'used up', error_type: 'Overloaded' },
      retryAfterSeconds: 2,
    });
    assert.equal(
      teiErrorOf(ApiError.invalidArgument([{ field: 'texts[0]', description: 'long' }])).status,
      413,
    );
    assert.equal(teiErrorOf(new ApiError(status.UNAVAILABLE, 'down')).body.error_type, 'Unhealthy');
    assert.equal(teiErrorOf(new ApiError(status.UNAVAILABLE, 'down')).status, 503);
    assert.equal(teiErrorOf(new ApiError(status.INTERNAL, 'oops')).status, 424);
    assert.equal(teiErrorOf(new ApiError(status.UNAUTHENTICATED, 'no key')).status, 401);
  });
});
