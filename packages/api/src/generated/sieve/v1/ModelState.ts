// Original file: sieve/v1/models.proto

export const ModelState = {
  MODEL_STATE_UNSPECIFIED: 'MODEL_STATE_UNSPECIFIED',
  /**
   * Known to the registry; workers are loading or verifying it.
   */
  MODEL_STATE_LOADING: 'MODEL_STATE_LOADING',
  /**
   * At least one worker serves it.
   */
  MODEL_STATE_READY: 'MODEL_STATE_READY',
  /**
   * Workers could not load it; state_reason says why.
   */
  MODEL_STATE_FAILED: 'MODEL_STATE_FAILED',
  /**
   * Configured, but no worker currently serves it.
   */
  MODEL_STATE_UNAVAILABLE: 'MODEL_STATE_UNAVAILABLE',
} as const;

export type ModelState =
  | 'MODEL_STATE_UNSPECIFIED'
  | 0
  /**
   * Known to the registry; workers are loading or verifying it.
   */
  | 'MODEL_STATE_LOADING'
  | 1
  /**
   * At least one worker serves it.
   */
  | 'MODEL_STATE_READY'
  | 2
  /**
   * Workers could not load it; state_reason says why.
   */
  | 'MODEL_STATE_FAILED'
  | 3
  /**
   * Configured, but no worker currently serves it.
   */
  | 'MODEL_STATE_UNAVAILABLE'
  | 4

export type ModelState__Output = typeof ModelState[keyof typeof ModelState]
