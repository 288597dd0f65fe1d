import { performance } from 'node:perf_hooks';
import type { GatewayClient } from './gateway-client.ts';

/**
 * Durations of `calls` single-text Classify calls made one after another: the latency a caller sees with no queue
 * of its own, which a batch cannot show (its items wait behind each other by design). One call first, unmeasured,
 * so that connecting to the gateway is not counted as the model's latency.
 */
export async function unaryLatencySample(
  gateway: GatewayClient,
  model: string,
  texts: readonly string[],
  calls: number,
): Promise<number[]> {
  if (calls === 0 || texts.length === 0) return [];
  const call = (text: string) => gateway.classify({ model, texts: [text], options: { topK: 1 } }, 30_000);
  await call(texts[0]!);
  const durations: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await call(texts[i % texts.length]!);
    durations.push(performance.now() - started);
  }
  return durations;
}
