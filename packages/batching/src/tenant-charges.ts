import type { PendingText } from './pending-text.ts';

/**
 * The padded tokens a batch costs, split between its tenants as the fair-share policy charges them: each text its
 * own tokens times the batch's padded/real ratio, so the parts add up to the batch's padded tokens. Texts without a
 * tenant are charged to `undefined`. Before weights: divide by a tenant's weight for its virtual-time step.
 */
export function tenantCharges(batch: readonly PendingText[]): Map<string | undefined, number> {
  const charges = new Map<string | undefined, number>();
  let realTokens = 0;
  let longest = 0;
  for (const text of batch) {
    realTokens += text.tokens;
    if (text.tokens > longest) longest = text.tokens;
  }
  if (realTokens === 0) return charges;
  const paddedPerReal = (batch.length * longest) / realTokens;
  for (const text of batch) {
    charges.set(text.tenant, (charges.get(text.tenant) ?? 0) + text.tokens * paddedPerReal);
  }
  return charges;
}
