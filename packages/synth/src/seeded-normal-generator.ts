/**
 * Deterministic normal samples: mulberry32 uniforms turned into normals with Box-Muller.
 * Fills typed arrays directly because the full-size preset needs ~135M samples; a per-sample method call and
 * intermediate arrays would make that take minutes instead of seconds.
 */
export class SeededNormalGenerator {
  private state: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
    // Scramble the seed once so neighbouring seeds (42, 43) do not start on neighbouring mulberry32 states.
    let mixed = (seed ^ 0x9e3779b9) >>> 0;
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b) >>> 0;
    mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35) >>> 0;
    this.state = (mixed ^ (mixed >>> 16)) >>> 0;
  }

  /** Fills `target` with samples of N(mean, std²). */
  fillNormal(target: Float32Array, mean: number, std: number): void {
    let state = this.state;
    const length = target.length;
    for (let i = 0; i < length; i += 2) {
      // mulberry32, inlined twice: this loop is the hot path of full-size generation.
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), state | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const first = ((t ^ (t >>> 14)) >>> 0) + 1;
      state = (state + 0x6d2b79f5) | 0;
      t = Math.imul(state ^ (state >>> 15), state | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const second = (t ^ (t >>> 14)) >>> 0;
      // `first` is in [1, 2^32], so the logarithm is finite.
      const radius = Math.sqrt(-2 * Math.log(first / 4294967296)) * std;
      const angle = (second / 4294967296) * 2 * Math.PI;
      target[i] = mean + radius * Math.cos(angle);
      if (i + 1 < length) target[i + 1] = mean + radius * Math.sin(angle);
    }
    this.state = state;
  }

  /** A uniform integer in [0, bound). */
  uniformInt(bound: number): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), this.state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * bound);
  }

  /** Convenience for small tensors. */
  normal(length: number, mean: number, std: number): Float32Array {
    const values = new Float32Array(length);
    this.fillNormal(values, mean, std);
    return values;
  }
}
