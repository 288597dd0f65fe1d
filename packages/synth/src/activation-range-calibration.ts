import onnxProto from 'onnx-proto';
import type { onnx } from 'onnx-proto';
import type { ActivationRange } from './static-int8-quantization.ts';

const { ModelProto, TensorProto } = onnxProto.onnx;

/**
 * The range each of `targets` takes when the float32 `model` runs on `sequences` (token ids, [CLS] ... [SEP]), for
 * quantizeModelStatic. The targets become extra graph outputs, as the runtime adds pooled features, and each
 * sequence runs alone: padded positions are no part of any text, and a batch would add them to the ranges.
 * Per-tensor min and max rather than a percentile: DynamicQuantizeLinear, which this replaces, also spans the whole
 * range it sees, so a calibrated graph never clips a value the corpus produced; the cost is coarser steps where a
 * few outliers widen a range (measured in docs/models.md). ONNX Runtime is imported here only, on demand: the
 * rest of this package (the hub's fp16 conversion) must not load it.
 */
export async function calibrateActivationRanges(
  model: onnx.IModelProto,
  targets: readonly string[],
  sequences: Iterable<ArrayLike<number>>,
): Promise<Map<string, ActivationRange>> {
  const graph = model.graph;
  if (!graph) throw new Error('activation calibration: the model has no graph');
  const declared = new Set((graph.output ?? []).map((output) => output.name ?? ''));
  const extra = targets
    .filter((name) => !declared.has(name))
    .map((name) => ({ name, type: { tensorType: { elemType: TensorProto.DataType.FLOAT } } }));
  const bytes = ModelProto.encode({
    ...model,
    graph: { ...graph, output: [...(graph.output ?? []), ...extra] },
  }).finish();
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'basic' });
  const ranges = new Map<string, ActivationRange>(
    targets.map((name) => [name, { min: Infinity, max: -Infinity }]),
  );
  let count = 0;
  try {
    for (const ids of sequences) {
      const length = ids.length;
      const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {};
      for (const name of session.inputNames) {
        const values = new BigInt64Array(length);
        if (name === 'input_ids') for (let i = 0; i < length; i += 1) values[i] = BigInt(ids[i] as number);
        else if (name === 'attention_mask') values.fill(1n);
        feeds[name] = new ort.Tensor('int64', values, [1, length]);
      }
      const outputs = await session.run(feeds, [...targets]);
      for (const name of targets) {
        const data = outputs[name]?.data as Float32Array;
        const range = ranges.get(name)!;
        for (let i = 0; i < data.length; i += 1) {
          const value = data[i] as number;
          if (value < range.min) range.min = value;
          if (value > range.max) range.max = value;
        }
      }
      for (const output of Object.values(outputs)) output.dispose();
      count += 1;
    }
  } finally {
    await session.release();
  }
  if (count === 0) throw new Error('activation calibration: the calibration corpus is empty');
  return ranges;
}
