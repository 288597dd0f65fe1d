import { paddingStats, type PaddingStats } from './padding-stats.ts';

/**
 * Padding summed over many batches. The overall ratio weights batches by their tokens, which is what compute
 * follows; an average of per-batch ratios would let a few tiny batches dominate.
 */
export class PaddingTally {
  private batchCount = 0;
  private texts = 0;
  private realTokens = 0;
  private paddedTokens = 0;

  add(batch: readonly { readonly tokens: number }[]): PaddingStats {
    const stats = paddingStats(batch);
    if (stats.texts === 0) return stats;
    this.batchCount += 1;
    this.texts += stats.texts;
    this.realTokens += stats.realTokens;
    this.paddedTokens += stats.paddedTokens;
    return stats;
  }

  get batches(): number {
    return this.batchCount;
  }

  get stats(): PaddingStats {
    const { texts, realTokens, paddedTokens } = this;
    return { texts, realTokens, paddedTokens, ratio: realTokens === 0 ? 1 : paddedTokens / realTokens };
  }
}
