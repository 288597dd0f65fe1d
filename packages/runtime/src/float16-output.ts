import type * as ort from 'onnxruntime-node';

/**
 * A float32 or float16 output tensor's values as float32. A float16 graph (onnx/model_fp16.onnx, as transformers.js
 * exports write it) outputs float16 logits, which onnxruntime-node hands over as a Float16Array where the runtime
 * has one (Node 24) and as the raw bits in a Uint16Array otherwise (Node 20, 22); float32 data is passed through
 * without a copy. Undefined for any other element type.
 */
export function float32Data(tensor: ort.Tensor): Float32Array | undefined {
  if (tensor.type === 'float32') return tensor.data as Float32Array;
  if (tensor.type !== 'float16') return undefined;
  const data = tensor.data;
  if (data instanceof Uint16Array) {
    const values = new Float32Array(data.length);
    for (let i = 0; i < data.length; i++) values[i] = float16Value(data[i]!);
    return values;
  }
  return Float32Array.from(data as ArrayLike<number>);
}

/** The number that IEEE 754 binary16 `bits` stand for (every float16 is exact in float32). */
export function float16Value(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}
