/**
 * One tokenized text waiting in a worker's pending pool. Workers usually extend it with their own payload
 * (token ids, the job it came from); the assembler only reads these fields and hands the same objects back.
 */
export interface PendingText {
  /** Unique among pending texts, e.g. `${jobId}:${index}`. */
  readonly key: string;
  /** Sequence length the model will see, special tokens included. */
  readonly tokens: number;
  /** Milliseconds, on the same clock as the `now` passed to the assembler. */
  readonly enqueuedAt: number;
  /** Milliseconds on the same clock; from this instant on the caller is gone and computing the text is waste. */
  readonly deadline?: number;
  /** Carried for the fair-share anchor policy; the assembler itself ignores it. */
  readonly tenant?: string;
  /**
   * The tenant's fair-share weight as the text's job carried it: a weight change applies to texts queued after
   * it, with no state shared between the jobs that bring it. Read by the fair-share anchor policy only.
   */
  readonly weight?: number;
  /** Lower runs first (0 high, 1 normal, 2 low, 3 batch jobs); absent means the assembler's `defaultPriority`. */
  readonly priority?: number;
}
