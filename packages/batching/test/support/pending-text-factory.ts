import type { PendingText } from '../../src/index.ts';

/** A pending text with readable defaults, so each test states only the fields it is about. */
export function text(
  key: string,
  tokens: number,
  enqueuedAt = 0,
  extra: Partial<PendingText> = {},
): PendingText {
  return { key, tokens, enqueuedAt, ...extra };
}

export function keysOf(items: readonly PendingText[]): string[] {
  return items.map((item) => item.key);
}
