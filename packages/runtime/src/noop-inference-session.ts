import type { ExecutionProviderName } from './execution-providers.ts';
import { epochNow, type PaddedBatch, type SessionOutput } from './onnx-model-session.ts';

/**
 * BENCHMARK ONLY (SIEVE_NOOP_INFERENCE=true): a stand-in for the ONNX Runtime session that computes nothing and
 * answers every row with the same logits. It exists to measure what the serving fabric costs on its own (gateway,
 * Redis, job handling, tokenization, batching, replies) with inference taken out; its answers are meaningless.
 */
export class NoopInferenceSession {
  readonly executionProvider: ExecutionProviderName = 'cpu';
  readonly inputNames: readonly string[] = ['input_ids', 'attention_mask'];
  readonly outputName = 'logits';
  private readonly row: Float32Array;

  constructor(numLabels: number) {
    // Distinct logits so that scores are ordered and deterministic, as a real model's would be.
    this.row = Float32Array.from({ length: numLabels }, (_, i) => numLabels - i);
  }

  run(batch: PaddedBatch): Promise<SessionOutput> {
    const startedAt = epochNow();
    const logits = new Float32Array(batch.batchSize * this.row.length);
    for (let r = 0; r < batch.batchSize; r++) logits.set(this.row, r * this.row.length);
    return Promise.resolve({ logits, numLabels: this.row.length, startedAt, endedAt: epochNow() });
  }

  release(): Promise<void> {
    return Promise.resolve();
  }
}
