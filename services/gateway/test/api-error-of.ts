import assert from 'node:assert/strict';
import { ApiError } from '@sieve/api';

/** The ApiError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function apiErrorOf(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiError, String(error));
    return error;
  }
  assert.fail('expected an ApiError');
}
