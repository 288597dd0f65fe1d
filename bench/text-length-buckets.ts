/**
 * Short, medium and long texts of the realistic corpus by token count (special tokens included). Fixed bounds rather
 * than quantiles, so that a row means the same texts in every run: on the 400-text sample (p50 33, p95 112 tokens)
 * about a quarter is short, half medium and a fifth long.
 */
export const LENGTH_BUCKETS = [
  { name: 'short', maxTokens: 24 },
  { name: 'medium', maxTokens: 63 },
  { name: 'long', maxTokens: Number.POSITIVE_INFINITY },
] as const;

export type LengthBucketName = (typeof LENGTH_BUCKETS)[number]['name'];

export interface LengthBucket {
  /** short, medium, long, or all: every text of the sample, in its mixed order. */
  name: LengthBucketName | 'all';
  /** e.g. "<= 24", "25-63", ">= 64", "all". */
  tokens: string;
  texts: string[];
  meanTokens: number;
}

/** The texts split by length (each keeps the sample's order), and all of them as the last bucket; empty ones left out. */
export function lengthBuckets(texts: readonly string[], tokenCounts: readonly number[]): LengthBucket[] {
  if (texts.length !== tokenCounts.length)
    throw new Error(`${texts.length} texts but ${tokenCounts.length} token counts`);
  const bucket = (name: LengthBucket['name'], tokens: string, keep: (count: number) => boolean) => {
    const picked = texts.flatMap((text, i) =>
      keep(tokenCounts[i]!) ? [{ text, count: tokenCounts[i]! }] : [],
    );
    return {
      name,
      tokens,
      texts: picked.map((p) => p.text),
      meanTokens: picked.length ? Math.round(picked.reduce((sum, p) => sum + p.count, 0) / picked.length) : 0,
    };
  };
  let floor = 0;
  const byLength = LENGTH_BUCKETS.map(({ name, maxTokens }) => {
    const lower = floor;
    floor = maxTokens + 1;
    const tokens =
      maxTokens === Number.POSITIVE_INFINITY
        ? `>= ${lower}`
        : lower === 0
          ? `<= ${maxTokens}`
          : `${lower}-${maxTokens}`;
    return bucket(name, tokens, (count) => count >= lower && count <= maxTokens);
  });
  return [...byLength, bucket('all', 'all', () => true)].filter((b) => b.texts.length > 0);
}
