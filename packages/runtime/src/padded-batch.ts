import type { PaddedBatch } from './onnx-model-session.ts';

/**
 * Pads token id rows to the longest row (right padding, mask 0 on padding), the layout every Hugging Face
 * sequence-classification export expects. The caller decides which texts share a batch; padding is its cost.
 */
export function padBatch(rows: readonly Int32Array[], padId: number): PaddedBatch {
  const batchSize = rows.length;
  let sequenceLength = 0;
  for (const row of rows) sequenceLength = Math.max(sequenceLength, row.length);
  const inputIds = new BigInt64Array(batchSize * sequenceLength);
  const attentionMask = new BigInt64Array(batchSize * sequenceLength);
  const pad = BigInt(padId);
  rows.forEach((row, r) => {
    const offset = r * sequenceLength;
    for (let i = 0; i < row.length; i++) {
      inputIds[offset + i] = BigInt(row[i]!);
      attentionMask[offset + i] = 1n;
    }
    if (pad !== 0n) for (let i = row.length; i < sequenceLength; i++) inputIds[offset + i] = pad;
  });
  return { inputIds, attentionMask, batchSize, sequenceLength };
}
