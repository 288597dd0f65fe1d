// Original file: sieve/v1/heads.proto

export const HeadState = {
  HEAD_STATE_UNSPECIFIED: 'HEAD_STATE_UNSPECIFIED',
  /**
   * Examples received; waiting for a worker of the base model, or training.
   */
  HEAD_STATE_TRAINING: 'HEAD_STATE_TRAINING',
  /**
   * Trained and served.
   */
  HEAD_STATE_READY: 'HEAD_STATE_READY',
  /**
   * Training failed; state_reason says why.
   */
  HEAD_STATE_FAILED: 'HEAD_STATE_FAILED',
} as const;

export type HeadState =
  | 'HEAD_STATE_UNSPECIFIED'
  | 0
  /**
   * Examples received; waiting for a worker of the base model, or training.
   */
  | 'HEAD_STATE_TRAINING'
  | 1
  /**
   * Trained and served.
   */
  | 'HEAD_STATE_READY'
  | 2
  /**
   * Training failed; state_reason says why.
   */
  | 'HEAD_STATE_FAILED'
  | 3

export type HeadState__Output = typeof HeadState[keyof typeof HeadState]
