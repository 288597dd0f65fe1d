import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { ApiError, unpackDetails } from '@sieve/api';
import { InvalidPageTokenError } from '@sieve/batches';
import {
  AuthenticationError,
  InvalidTenantError,
  QuotaExceededError,
  TenancyBackendError,
  TenantExistsError,
  TenantNotFoundError,
  TenantPageTokenError,
} from '@sieve/tenancy';
import {
  apiErrorOf,
  codeNameOf,
  grpcStatusOf,
  httpErrorBodyOf,
  httpStatusOf,
  messageStatusOf,
  retryAfterSecondsOf,
} from '../../src/edge/error-status.ts';

const unexpected = () => new ApiError(status.DATA_LOSS, 'the service says what an unknown failure means');

describe('the gateway error table', () => {
  it('keeps an ApiError as it is', () => {
    const error = new ApiError(status.NOT_FOUND, 'no such thing');
    assert.equal(apiErrorOf(error, unexpected), error);
  });

  it('maps each domain error of tenancy and batches to its code', () => {
    const codes = [
      new AuthenticationError('unknown-key', 'no such key'),
      new AuthenticationError('tenant-disabled', 'tenant disabled'),
      new QuotaExceededError('t1', 'texts-per-minute', 'QUOTA_TEXTS_PER_MINUTE', 10, 20, 0, 500, true),
      new TenantNotFoundError('t1'),
      new TenantExistsError('t1'),
      new InvalidTenantError(['weight: must be positive']),
      new TenancyBackendError('admit', new Error('ECONNREFUSED')),
      new InvalidPageTokenError('garbage'),
      // A tenancy error, yet the caller's fault: not the store's UNAVAILABLE.
      new TenantPageTokenError('garbage'),
    ].map((error) => codeNameOf(apiErrorOf(error, unexpected).code));
    assert.deepEqual(codes, [
      'UNAUTHENTICATED',
      'PERMISSION_DENIED',
      'RESOURCE_EXHAUSTED',
      'NOT_FOUND',
      'ALREADY_EXISTS',
      'INVALID_ARGUMENT',
      'UNAVAILABLE',
      'INVALID_ARGUMENT',
      'INVALID_ARGUMENT',
    ]);
  });

  it('leaves anything else to the service that met it', () => {
    assert.equal(apiErrorOf(new Error('boom'), unexpected).code, status.DATA_LOSS);
  });

  it('gives a quota refusal its reason and retry delay', () => {
    const error = apiErrorOf(
      new QuotaExceededError('t1', 'texts-per-minute', 'QUOTA_TEXTS_PER_MINUTE', 10, 20, 0, 500, true),
      unexpected,
    );
    assert.equal(error.details.errorInfo?.reason, 'QUOTA_EXCEEDED');
    assert.equal(error.details.retryDelayMs, 500);
  });

  it('answers a call with the code and its details in the trailers, a stream message with a google.rpc.Status', () => {
    const error = ApiError.withReason(status.UNAVAILABLE, 'BACKEND_UNAVAILABLE', 'store unavailable');
    const call = grpcStatusOf(error);
    assert.equal(call.code, status.UNAVAILABLE);
    assert.equal(call.details, 'store unavailable');
    assert.ok(call.metadata?.get('grpc-status-details-bin').length);
    const message = messageStatusOf(error);
    assert.equal(message.code, status.UNAVAILABLE);
    assert.equal(unpackDetails(message.details).errorInfo?.reason, 'BACKEND_UNAVAILABLE');
  });

  it('names every code, and a code outside the table by its number', () => {
    assert.equal(codeNameOf(status.RESOURCE_EXHAUSTED), 'RESOURCE_EXHAUSTED');
    assert.equal(codeNameOf(99 as status), '99');
  });

  it('gives every code its HTTP status, and the same details as proto3 JSON', () => {
    const expected: Array<[status, number]> = [
      [status.INVALID_ARGUMENT, 400],
      [status.FAILED_PRECONDITION, 400],
      [status.UNAUTHENTICATED, 401],
      [status.PERMISSION_DENIED, 403],
      [status.NOT_FOUND, 404],
      [status.ALREADY_EXISTS, 409],
      [status.RESOURCE_EXHAUSTED, 429],
      [status.INTERNAL, 500],
      [status.UNIMPLEMENTED, 501],
      [status.UNAVAILABLE, 503],
      [status.DEADLINE_EXCEEDED, 504],
    ];
    for (const [code, http] of expected)
      assert.equal(httpStatusOf(new ApiError(code, 'x')), http, codeNameOf(code));
    const quota = apiErrorOf(
      new QuotaExceededError('t1', 'texts-per-minute', 'QUOTA_TEXTS_PER_MINUTE', 10, 20, 0, 1500, true),
      unexpected,
    );
    assert.equal(retryAfterSecondsOf(quota), 2);
    const body = httpErrorBodyOf(quota);
    assert.equal(body.error.code, 429);
    assert.equal(body.error.status, 'RESOURCE_EXHAUSTED');
    const types = body.error.details.map((d) => d['@type']);
    assert.deepEqual(types, [
      'type.googleapis.com/google.rpc.ErrorInfo',
      'type.googleapis.com/google.rpc.QuotaFailure',
      'type.googleapis.com/google.rpc.RetryInfo',
    ]);
    assert.equal(body.error.details[0]!.reason, 'QUOTA_EXCEEDED');
    assert.equal(body.error.details[2]!.retryDelay, '1.500s', 'as protojson writes it: 0, 3, 6 or 9 digits');
    const invalid = httpErrorBodyOf(ApiError.invalidArgument([{ field: 'texts[0]', description: 'empty' }]));
    assert.deepEqual(invalid.error.details[1], {
      '@type': 'type.googleapis.com/google.rpc.BadRequest',
      fieldViolations: [{ field: 'texts[0]', description: 'empty' }],
    });
    assert.equal(retryAfterSecondsOf(new ApiError(status.NOT_FOUND, 'x')), undefined);
  });
});
