import type { DistilBertWeights } from './distilbert-weight-tensors.ts';
import { classificationHead, encodeFirstToken } from './reference-forward.ts';
import { SeededNormalGenerator } from './seeded-normal-generator.ts';

// Real classifiers spread their logits over a few units; this spread gives score triples that vary visibly
// between texts without saturating softmax.
const TARGET_LOGIT_STD = 2;
const CALIBRATION_TEXTS = 8;
const CALIBRATION_MIN_TOKENS = 4;
const CALIBRATION_MAX_TOKENS = 8;
const FIRST_ORDINARY_TOKEN_ID = 104;
// Keeps calibration text sampling independent of the weight stream.
const CALIBRATION_SEED_OFFSET = 0x5eed;

/**
 * Fits the classification head's biases and scale to the encoder, as training would, so outputs depend on input.
 *
 * With random weights the [CLS] state is dominated by a component shared by all texts (its own embedding), so an
 * untrained head gives every text nearly the same logits and the same argmax. Running a few random texts through
 * the encoder and centring the pre-classifier on their mean [CLS] state, then centring and scaling the logits,
 * turns the input-dependent part into the signal. Deterministic: the texts come from `seed`.
 */
export function calibrateClassificationHead(weights: DistilBertWeights, seed: number): void {
  const random = new SeededNormalGenerator(seed + CALIBRATION_SEED_OFFSET);
  const { dim, vocabSize, numLabels } = weights.shape;
  const states: Float64Array[] = [];
  for (let text = 0; text < CALIBRATION_TEXTS; text += 1) {
    const length =
      CALIBRATION_MIN_TOKENS + random.uniformInt(CALIBRATION_MAX_TOKENS - CALIBRATION_MIN_TOKENS + 1);
    const ids = Array.from(
      { length },
      () => FIRST_ORDINARY_TOKEN_ID + random.uniformInt(vocabSize - FIRST_ORDINARY_TOKEN_ID),
    );
    // [CLS] ... [SEP], as the tokenizer produces.
    ids[0] = 101;
    ids[length - 1] = 102;
    states.push(encodeFirstToken(weights, ids, new Array<number>(length).fill(1)));
  }

  // pre_classifier bias := -(mean state) · W1, so ReLU sees pre-activations centred on the calibration texts.
  const meanState = columnMeans(states, dim);
  const preWeight = weights.preClassifier.weight.data;
  const preBias = weights.preClassifier.bias.data;
  preBias.fill(0);
  for (let i = 0; i < dim; i += 1) {
    const mean = meanState[i] as number;
    for (let j = 0; j < dim; j += 1)
      preBias[j] = (preBias[j] as number) - mean * (preWeight[i * dim + j] as number);
  }

  // classifier: scale to the target spread, then centre so no label wins for every text.
  const classifier = weights.classifier;
  classifier.bias.data.fill(0);
  const logits = states.map((state) => classificationHead(weights, state));
  const means = columnMeans(logits, numLabels);
  let variance = 0;
  for (const row of logits) {
    for (let label = 0; label < numLabels; label += 1) {
      variance += ((row[label] as number) - (means[label] as number)) ** 2;
    }
  }
  const spread = Math.sqrt(variance / (logits.length * numLabels));
  const gain = spread > 0 ? TARGET_LOGIT_STD / spread : 1;
  classifier.weight.data.forEach((value, i) => {
    classifier.weight.data[i] = value * gain;
  });
  means.forEach((mean, label) => {
    classifier.bias.data[label] = -mean * gain;
  });
}

function columnMeans(rows: Float64Array[], width: number): Float64Array {
  const means = new Float64Array(width);
  for (const row of rows) {
    for (let i = 0; i < width; i += 1) means[i] = (means[i] as number) + (row[i] as number) / rows.length;
  }
  return means;
}
