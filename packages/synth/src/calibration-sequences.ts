import { SeededNormalGenerator } from './seeded-normal-generator.ts';

// BERT vocabularies (the built-in one and the multilingual model's): [CLS] 101, [SEP] 102, ordinary tokens from 104.
const CLS = 101;
const SEP = 102;
const FIRST_ORDINARY = 104;

/**
 * Token sequences to calibrate a synthetic model's static int8 graph when no corpus is given: [CLS], random
 * ordinary tokens, [SEP], 4 to 64 tokens long, the same for the same seed. Random weights answer nothing meaningful
 * whatever the text, so random tokens are as fair a corpus as any; a real model is calibrated on real text
 * (`sieve models quantize --calibration FILE`).
 */
export function calibrationSequences(vocabSize: number, count = 64, seed = 1): number[][] {
  const random = new SeededNormalGenerator(seed);
  return Array.from({ length: count }, () => {
    const length = 2 + random.uniformInt(63);
    return [
      CLS,
      ...Array.from({ length }, () => FIRST_ORDINARY + random.uniformInt(vocabSize - FIRST_ORDINARY)),
      SEP,
    ];
  });
}
