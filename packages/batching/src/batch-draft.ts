import type { ResolvedBatchAssemblerConfig } from './batch-assembler-config.ts';
import type { PendingEntry } from './pending-pool.ts';
import type { PendingText } from './pending-text.ts';

type BatchLimits = Pick<ResolvedBatchAssemblerConfig, 'maxBatchTexts' | 'maxBatchTokens' | 'maxPaddingRatio'>;

/** A batch being assembled: knows what one more text would cost and whether the budget still allows it. */
export class BatchDraft<T extends PendingText> {
  readonly entries: PendingEntry<T>[] = [];
  private longest = 0;
  private realTokens = 0;

  constructor(private readonly limits: BatchLimits) {}

  get count(): number {
    return this.entries.length;
  }

  /** Padded tokens the text would add beyond its own: pure waste, the quantity length grouping minimises. */
  addedWaste(tokens: number): number {
    const count = this.entries.length;
    return (count + 1) * Math.max(this.longest, tokens) - count * this.longest - tokens;
  }

  fits(tokens: number): boolean {
    // The first text always fits: one longer than the whole budget must still run, alone.
    if (this.entries.length === 0) return true;
    const count = this.entries.length + 1;
    const padded = count * Math.max(this.longest, tokens);
    return (
      count <= this.limits.maxBatchTexts &&
      padded <= this.limits.maxBatchTokens &&
      padded <= this.limits.maxPaddingRatio * (this.realTokens + tokens)
    );
  }

  add(entry: PendingEntry<T>): void {
    this.entries.push(entry);
    this.realTokens += entry.item.tokens;
    if (entry.item.tokens > this.longest) this.longest = entry.item.tokens;
  }

  /**
   * True when not even a text as long as the current longest could join. Waiting cannot grow such a batch,
   * so it should run now; a batch that could still take one is worth holding until maxWaitMs.
   */
  get full(): boolean {
    const count = this.entries.length;
    if (count === 0) return false;
    return count >= this.limits.maxBatchTexts || (count + 1) * this.longest > this.limits.maxBatchTokens;
  }

  get longestTokens(): number {
    return this.longest;
  }
}
