const FLOAT16_MAX = 65504;
const scratch = new DataView(new ArrayBuffer(4));

/**
 * IEEE 754 binary16 bits of `value`, rounded to nearest even as a hardware conversion rounds. Finite values beyond
 * the float16 range saturate to ±65504 rather than becoming ±Infinity, as onnxconverter-common's float16 conversion
 * does: a graph constant such as DistilBERT's masked score (float32 min) must stay a large finite number, since
 * 0 × Infinity would turn every unmasked attention score into NaN.
 */
export function float16Bits(value: number): number {
  if (Number.isFinite(value) && Math.abs(value) > FLOAT16_MAX) value = Math.sign(value) * FLOAT16_MAX;
  scratch.setFloat32(0, value);
  const bits = scratch.getUint32(0);
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    // Subnormal in float16 (or zero): shift the mantissa with its implicit bit into place, rounding to even.
    if (halfExponent < -10) return sign;
    const full = mantissa | 0x800000;
    const shift = 14 - halfExponent;
    const rounded = roundShift(full, shift);
    return sign | rounded;
  }
  // A carry out of the mantissa correctly bumps the exponent (up to Infinity only from above 65504, excluded above).
  return sign | ((halfExponent << 10) + roundShift(mantissa, 13));
}

/** `value >> shift`, rounded to nearest with ties to even. */
function roundShift(value: number, shift: number): number {
  const truncated = value >>> shift;
  const remainder = value & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return remainder > half || (remainder === half && truncated & 1) ? truncated + 1 : truncated;
}
