import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { ApiError, decodeStatusDetails, encodeStatusDetails, statusDetailsOf } from '../src/index.ts';

describe('rich status details', () => {
  it('round-trips BadRequest, QuotaFailure, RetryInfo and ErrorInfo through google.rpc.Status bytes', () => {
    const bytes = encodeStatusDetails(status.RESOURCE_EXHAUSTED, 'slow down', {
      errorInfo: { reason: 'QUOTA_EXCEEDED', metadata: { limit: 'texts_per_minute' } },
      badRequest: { fieldViolations: [{ field: 'texts[3]', description: 'empty text' }] },
      quotaFailure: { violations: [{ subject: 'tenant:acme', description: 'texts_per_minute' }] },
      retryDelayMs: 1500,
    });
    const decoded = decodeStatusDetails(bytes);
    assert.equal(decoded.code, status.RESOURCE_EXHAUSTED);
    assert.equal(decoded.message, 'slow down');
    assert.deepEqual(decoded.details.errorInfo, {
      reason: 'QUOTA_EXCEEDED',
      domain: 'sieve',
      metadata: { limit: 'texts_per_minute' },
    });
    assert.deepEqual(decoded.details.badRequest?.fieldViolations[0], {
      field: 'texts[3]',
      description: 'empty text',
    });
    assert.equal(decoded.details.quotaFailure?.violations[0]?.description, 'texts_per_minute');
    assert.equal(decoded.details.retryDelayMs, 1500);
  });

  it('ApiError carries its details in grpc-status-details-bin', () => {
    const error = ApiError.invalidArgument([{ field: 'texts[0]', description: 'must not be empty' }]);
    const serviceError = error.toServiceError();
    assert.equal(serviceError.code, status.INVALID_ARGUMENT);
    assert.match(serviceError.details, /texts\[0\]: must not be empty/);
    const details = statusDetailsOf({ metadata: serviceError.metadata! });
    assert.equal(details.errorInfo?.reason, 'INVALID_REQUEST');
    assert.equal(details.badRequest?.fieldViolations[0]?.field, 'texts[0]');
  });

  it('loads every service of the contract', async () => {
    const { loadSieveProtos } = await import('../src/index.ts');
    const { grpc } = loadSieveProtos();
    for (const service of [
      grpc.sieve.v1.Inference,
      grpc.sieve.v1.Batches,
      grpc.sieve.v1.Heads,
      grpc.sieve.v1.Models,
      grpc.sieve.v1.Admin,
    ]) {
      assert.ok(Object.keys(service.service).length > 0);
    }
    assert.deepEqual(Object.keys(grpc.sieve.v1.Batches.service).sort(), [
      'Cancel',
      'Get',
      'List',
      'StreamResults',
      'Submit',
    ]);
    assert.deepEqual(Object.keys(grpc.sieve.v1.Heads.service).sort(), ['Delete', 'Get', 'List', 'Train']);
  });
});
