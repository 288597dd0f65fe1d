/** A tensor quantised per-tensor, asymmetric: real = (value - zeroPoint) * scale. */
export interface Uint8QuantizedTensor {
  values: Uint8Array;
  scale: number;
  zeroPoint: number;
}

/**
 * Per-tensor asymmetric uint8 quantisation, as onnxruntime's quantize_dynamic does with weight_type=QUInt8.
 * The range always contains 0 so that exact zeros (the padding embedding row) stay exact.
 */
export function quantizeUint8(data: Float32Array): Uint8QuantizedTensor {
  let min = 0;
  let max = 0;
  for (let i = 0; i < data.length; i += 1) {
    const value = data[i] as number;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  // Math.fround: the scale is stored as float32, so quantise with exactly the value ORT will dequantise with.
  const scale = max > min ? Math.fround((max - min) / 255) : 1;
  const zeroPoint = Math.min(255, Math.max(0, Math.round(-min / scale)));
  const values = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i += 1) {
    const quantized = Math.round((data[i] as number) / scale) + zeroPoint;
    values[i] = quantized < 0 ? 0 : quantized > 255 ? 255 : quantized;
  }
  return { values, scale, zeroPoint };
}
