import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { float16Value } from '@sieve/runtime';
import { synthesizeModel } from '../src/index.ts';
import type { SynthResult } from '../src/index.ts';

/** A tiny model generated into a fresh temp directory; tests call `remove()` when done. */
export async function synthesizeTinyModel(
  options: { int8?: boolean; fp16?: boolean; seed?: number } = {},
): Promise<SynthResult & { remove: () => Promise<void> }> {
  const outDir = await mkdtemp(join(tmpdir(), 'sieve-synth-'));
  const result = await synthesizeModel({ preset: 'tiny', outDir, ...options });
  return { ...result, remove: () => rm(outDir, { recursive: true, force: true }) };
}

/** Right-padded [batch, maxLength] tensors, the way a batching server feeds the model. */
export function paddedBatch(sequences: number[][], length?: number): { ids: number[][]; mask: number[][] } {
  const width = length ?? Math.max(...sequences.map((sequence) => sequence.length));
  return {
    ids: sequences.map((sequence) => [...sequence, ...new Array<number>(width - sequence.length).fill(0)]),
    mask: sequences.map((sequence) => [
      ...new Array<number>(sequence.length).fill(1),
      ...new Array<number>(width - sequence.length).fill(0),
    ]),
  };
}

export async function runLogits(
  session: ort.InferenceSession,
  ids: number[][],
  mask: number[][],
): Promise<number[][]> {
  const dims = [ids.length, ids[0]?.length ?? 0];
  const toTensor = (rows: number[][]): ort.Tensor =>
    new ort.Tensor(
      'int64',
      BigInt64Array.from(rows.flat(), (value) => BigInt(value)),
      dims,
    );
  const output = await session.run({ input_ids: toTensor(ids), attention_mask: toTensor(mask) });
  const logits = output['logits'];
  if (!logits) throw new Error('model has no logits output');
  const [batch, labels] = logits.dims as [number, number];
  // A float16 graph's logits come as their bits in a Uint16Array where Node has no Float16Array.
  const data =
    logits.data instanceof Uint16Array
      ? Float32Array.from(logits.data, float16Value)
      : Float32Array.from(logits.data as ArrayLike<number>);
  return Array.from({ length: batch }, (_, row) =>
    Array.from(data.subarray(row * labels, (row + 1) * labels)),
  );
}

export function maxAbsDifference(left: number[][], right: number[][]): number {
  let largest = 0;
  left.forEach((row, i) =>
    row.forEach((value, j) => {
      largest = Math.max(largest, Math.abs(value - (right[i]?.[j] ?? Number.NaN)));
    }),
  );
  return Number.isNaN(largest) ? Infinity : largest;
}

export function argmax(values: number[]): number {
  return values.reduce((best, value, index) => (value > (values[best] ?? -Infinity) ? index : best), 0);
}
