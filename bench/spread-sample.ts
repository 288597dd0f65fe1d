/**
 * `count` texts spread evenly over the file. The realistic corpus is sorted by language, so an even spread keeps
 * every language and its length distribution; a prefix would be one or two languages only.
 */
export function spreadSample(texts: readonly string[], count: number): string[] {
  if (count >= texts.length) return [...texts];
  const step = texts.length / count;
  return Array.from({ length: count }, (_, i) => texts[Math.floor(i * step)]!);
}
