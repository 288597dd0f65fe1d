// Original file: sieve/v1/error_reason.proto

/**
 * Machine-readable reasons sent as google.rpc.ErrorInfo.reason (the enum value's name, e.g.
 * "MODEL_NOT_FOUND") with ErrorInfo.domain "sieve". Clients branch on these, never on message text.
 */
export const ErrorReason = {
  ERROR_REASON_UNSPECIFIED: 'ERROR_REASON_UNSPECIFIED',
  /**
   * INVALID_ARGUMENT: the request broke a rule; BadRequest lists each field violation.
   */
  INVALID_REQUEST: 'INVALID_REQUEST',
  /**
   * NOT_FOUND: no such model or version, or not one this tenant may see.
   */
  MODEL_NOT_FOUND: 'MODEL_NOT_FOUND',
  /**
   * UNAVAILABLE: the model exists but no worker serves it right now.
   */
  MODEL_NOT_SERVING: 'MODEL_NOT_SERVING',
  /**
   * RESOURCE_EXHAUSTED: the model's queue is full; RetryInfo says when to retry.
   */
  QUEUE_FULL: 'QUEUE_FULL',
  /**
   * RESOURCE_EXHAUSTED: a tenant limit was hit; QuotaFailure names it, RetryInfo says when to retry.
   */
  QUOTA_EXCEEDED: 'QUOTA_EXCEEDED',
  /**
   * UNAUTHENTICATED: no key, or a key that is unknown, revoked or expired.
   */
  INVALID_API_KEY: 'INVALID_API_KEY',
  /**
   * PERMISSION_DENIED: the tenant may not use this model, or is disabled.
   */
  MODEL_NOT_ALLOWED: 'MODEL_NOT_ALLOWED',
  /**
   * NOT_FOUND: no such batch for this tenant.
   */
  BATCH_NOT_FOUND: 'BATCH_NOT_FOUND',
  /**
   * UNAVAILABLE: the queue backend (Redis) cannot be reached.
   */
  BACKEND_UNAVAILABLE: 'BACKEND_UNAVAILABLE',
  /**
   * INTERNAL: the model failed while computing this work.
   */
  INFERENCE_FAILED: 'INFERENCE_FAILED',
  /**
   * FAILED_PRECONDITION: the batch has already ended and cannot be cancelled.
   */
  BATCH_ENDED: 'BATCH_ENDED',
  /**
   * PERMISSION_DENIED / UNAUTHENTICATED on the Admin service.
   */
  ADMIN_CREDENTIAL_REQUIRED: 'ADMIN_CREDENTIAL_REQUIRED',
  /**
   * NOT_FOUND: no such head (or head version) for this tenant.
   */
  HEAD_NOT_FOUND: 'HEAD_NOT_FOUND',
  /**
   * FAILED_PRECONDITION: the head is still training, or its training failed.
   */
  HEAD_NOT_READY: 'HEAD_NOT_READY',
  /**
   * FAILED_PRECONDITION: the base model served under that name is not the backbone the head was trained on.
   */
  HEAD_BASE_CHANGED: 'HEAD_BASE_CHANGED',
  /**
   * ALREADY_EXISTS: the request_id was used by this tenant, within the last few minutes, for another request (other
   * texts, options or model); send a new id for a new request, or the same request to get its first answer.
   */
  REQUEST_ID_REUSED: 'REQUEST_ID_REUSED',
  /**
   * UNAVAILABLE: this gateway is stopping and takes no new work; RetryInfo says when to retry (another gateway
   * answers, or this one once replaced).
   */
  GATEWAY_DRAINING: 'GATEWAY_DRAINING',
} as const;

/**
 * Machine-readable reasons sent as google.rpc.ErrorInfo.reason (the enum value's name, e.g.
 * "MODEL_NOT_FOUND") with ErrorInfo.domain "sieve". Clients branch on these, never on message text.
 */
export type ErrorReason =
  | 'ERROR_REASON_UNSPECIFIED'
  | 0
  /**
   * INVALID_ARGUMENT: the request broke a rule; BadRequest lists each field violation.
   */
  | 'INVALID_REQUEST'
  | 1
  /**
   * NOT_FOUND: no such model or version, or not one this tenant may see.
   */
  | 'MODEL_NOT_FOUND'
  | 2
  /**
   * UNAVAILABLE: the model exists but no worker serves it right now.
   */
  | 'MODEL_NOT_SERVING'
  | 3
  /**
   * RESOURCE_EXHAUSTED: the model's queue is full; RetryInfo says when to retry.
   */
  | 'QUEUE_FULL'
  | 4
  /**
   * RESOURCE_EXHAUSTED: a tenant limit was hit; QuotaFailure names it, RetryInfo says when to retry.
   */
  | 'QUOTA_EXCEEDED'
  | 5
  /**
   * UNAUTHENTICATED: no key, or a key that is unknown, revoked or expired.
   */
  | 'INVALID_API_KEY'
  | 6
  /**
   * PERMISSION_DENIED: the tenant may not use this model, or is disabled.
   */
  | 'MODEL_NOT_ALLOWED'
  | 7
  /**
   * NOT_FOUND: no such batch for this tenant.
   */
  | 'BATCH_NOT_FOUND'
  | 8
  /**
   * UNAVAILABLE: the queue backend (Redis) cannot be reached.
   */
  | 'BACKEND_UNAVAILABLE'
  | 9
  /**
   * INTERNAL: the model failed while computing this work.
   */
  | 'INFERENCE_FAILED'
  | 10
  /**
   * FAILED_PRECONDITION: the batch has already ended and cannot be cancelled.
   */
  | 'BATCH_ENDED'
  | 11
  /**
   * PERMISSION_DENIED / UNAUTHENTICATED on the Admin service.
   */
  | 'ADMIN_CREDENTIAL_REQUIRED'
  | 12
  /**
   * NOT_FOUND: no such head (or head version) for this tenant.
   */
  | 'HEAD_NOT_FOUND'
  | 13
  /**
   * FAILED_PRECONDITION: the head is still training, or its training failed.
   */
  | 'HEAD_NOT_READY'
  | 14
  /**
   * FAILED_PRECONDITION: the base model served under that name is not the backbone the head was trained on.
   */
  | 'HEAD_BASE_CHANGED'
  | 15
  /**
   * ALREADY_EXISTS: the request_id was used by this tenant, within the last few minutes, for another request (other
   * texts, options or model); send a new id for a new request, or the same request to get its first answer.
   */
  | 'REQUEST_ID_REUSED'
  | 16
  /**
   * UNAVAILABLE: this gateway is stopping and takes no new work; RetryInfo says when to retry (another gateway
   * answers, or this one once replaced).
   */
  | 'GATEWAY_DRAINING'
  | 17

/**
 * Machine-readable reasons sent as google.rpc.ErrorInfo.reason (the enum value's name, e.g.
 * "MODEL_NOT_FOUND") with ErrorInfo.domain "sieve". Clients branch on these, never on message text.
 */
export type ErrorReason__Output = typeof ErrorReason[keyof typeof ErrorReason]
