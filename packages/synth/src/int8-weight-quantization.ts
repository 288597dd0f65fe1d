/** A tensor quantised per tensor and symmetrically: real = value * scale (the zero point is 0). */
export interface Int8QuantizedTensor {
  values: Int8Array;
  scale: number;
}

/**
 * Per-tensor symmetric int8 quantisation, as onnxruntime's quantize_dynamic does with weight_type=QInt8 (its
 * default, and what the transformers.js conversion script uses for models without Conv, so it is what a published
 * `model_quantized.onnx` of a BERT-like model holds). Signed weights matter for speed, not only fidelity: ONNX
 * Runtime's fast x86 int8 GEMM (VNNI) multiplies uint8 activations by int8 weights; uint8 weights take a slower path
 * (measured 2.3x vs 1.65x over fp32 on the same graph: bench/NOTES.md).
 * Zero maps to zero exactly, so the padding embedding row stays exact.
 */
export function quantizeInt8Symmetric(data: Float32Array): Int8QuantizedTensor {
  let maxAbs = 0;
  for (let i = 0; i < data.length; i += 1) {
    const magnitude = Math.abs(data[i] as number);
    if (magnitude > maxAbs) maxAbs = magnitude;
  }
  // Math.fround: the scale is stored as float32, so quantise with exactly the value ORT will dequantise with.
  // [-127, 127] as ORT does for symmetric weights (keeps -128 out so that negation cannot overflow).
  const scale = maxAbs > 0 ? Math.fround(maxAbs / 127) : 1;
  const values = new Int8Array(data.length);
  for (let i = 0; i < data.length; i += 1) {
    const quantized = Math.round((data[i] as number) / scale);
    values[i] = quantized < -127 ? -127 : quantized > 127 ? 127 : quantized;
  }
  return { values, scale };
}
