import type { PendingText } from './pending-text.ts';

/**
 * Chooses the text the next 'length'-ordered batch is built around. The batch always contains the anchor, so
 * the policy alone decides who may not be overtaken: oldest-first means nothing waits behind a stream of
 * better-fitting lengths; a fair-share policy can plug in here to pick by tenant instead.
 */
export interface AnchorPolicy<T extends PendingText = PendingText> {
  /**
   * `candidates` is the best priority class present, oldest first, never empty. Must return one of them.
   * Called on every `next`, also when the batch ends up held back, so account for choices in `batchReleased`.
   */
  chooseAnchor(candidates: readonly T[], now: number): T;
  /**
   * Optional: whether `candidate`, of the anchor's class, should fill the batch before the class's other texts,
   * which then only take the room left over (as worse classes do). Without it the anchor picks the batch's
   * length but not who rides in it, so a fair-share policy could steer only one text per batch.
   */
  prefersForFill?(candidate: T, anchor: T): boolean;
  /**
   * Optional: with `prefersForFill`, leave the other texts of the class (and worse classes) out of the batch
   * entirely. On CPU, where compute follows padded tokens, a small batch of a tenant that is behind costs little
   * throughput and spares it the time of computing others' texts; on GPU, where big batches win, leave it off.
   */
  readonly fillOnlyPreferred?: boolean;
  /** Told about every released batch, so a stateful policy can account for what ran. */
  batchReleased?(batch: readonly T[], now: number): void;
}

/** The default: the oldest text of the best priority class, which bounds every text's wait. */
export class OldestFirstAnchorPolicy<T extends PendingText = PendingText> implements AnchorPolicy<T> {
  chooseAnchor(candidates: readonly T[]): T {
    const oldest = candidates[0];
    if (oldest === undefined) throw new Error('chooseAnchor needs at least one candidate');
    return oldest;
  }
}
