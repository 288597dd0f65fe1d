/** What a batch costs against what it computes: the padded/real ratio is the waste a worker exports. */
export interface PaddingStats {
  readonly texts: number;
  /** Sum of the texts' own token counts. */
  readonly realTokens: number;
  /** texts x longest text: what the model computes once the batch is padded to a rectangle. */
  readonly paddedTokens: number;
  /** paddedTokens / realTokens; 1 for an empty batch, which wastes nothing. */
  readonly ratio: number;
}

export function paddingStats(batch: readonly { readonly tokens: number }[]): PaddingStats {
  let realTokens = 0;
  let longest = 0;
  for (const { tokens } of batch) {
    realTokens += tokens;
    if (tokens > longest) longest = tokens;
  }
  const paddedTokens = batch.length * longest;
  return {
    texts: batch.length,
    realTokens,
    paddedTokens,
    ratio: realTokens === 0 ? 1 : paddedTokens / realTokens,
  };
}

export function paddingRatio(batch: readonly { readonly tokens: number }[]): number {
  return paddingStats(batch).ratio;
}
