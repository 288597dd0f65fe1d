/** One published example: a text and the probabilities the model card prints for it, by label. */
export interface ReferenceExample {
  lang: string;
  text: string;
  scores: Record<string, number>;
}

/** What a model card publishes: the label order (config.json's id2label) and example outputs. */
export interface ModelCardReference {
  model: string;
  /** Labels in id order. */
  labels: string[];
  examples: ReferenceExample[];
}

export class ModelCardReferenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelCardReferenceError';
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The reference file's shape (`model`, `config.id2label`, `examples[]` of lang, text, scores), checked. */
export function parseModelCardReference(value: unknown): ModelCardReference {
  if (!isRecord(value) || typeof value.model !== 'string') throw new ModelCardReferenceError('no "model"');
  const config = value.config;
  if (!isRecord(config) || !isRecord(config.id2label))
    throw new ModelCardReferenceError('no "config.id2label"');
  const id2label = config.id2label;
  const labels = Object.keys(id2label)
    .map(Number)
    .sort((a, b) => a - b)
    .map((id, position) => {
      const label = id2label[String(id)];
      if (id !== position || typeof label !== 'string') {
        throw new ModelCardReferenceError('config.id2label must name ids 0..n-1');
      }
      return label;
    });
  if (!Array.isArray(value.examples) || value.examples.length === 0) {
    throw new ModelCardReferenceError('no "examples"');
  }
  const examples = value.examples.map((example: unknown, i): ReferenceExample => {
    if (!isRecord(example) || typeof example.text !== 'string' || !isRecord(example.scores)) {
      throw new ModelCardReferenceError(`examples[${i}] needs "text" and "scores"`);
    }
    const scores: Record<string, number> = {};
    for (const label of labels) {
      const score = example.scores[label];
      if (typeof score !== 'number')
        throw new ModelCardReferenceError(`examples[${i}] has no score for "${label}"`);
      scores[label] = score;
    }
    return { lang: typeof example.lang === 'string' ? example.lang : '', text: example.text, scores };
  });
  return { model: value.model, labels, examples };
}

export interface ExampleCheck {
  lang: string;
  text: string;
  published: Record<string, number>;
  /** What the model gave, by label; missing labels are absent. */
  computed: Record<string, number>;
  /** Largest |computed - published| over the labels; Infinity when a label is missing. */
  maxDifference: number;
  passed: boolean;
}

export interface ModelCardCheck {
  passed: boolean;
  tolerance: number;
  /** Whether the model's labels, in id order, are the card's. */
  labelsMatch: boolean;
  expectedLabels: string[];
  actualLabels: string[];
  examples: ExampleCheck[];
  maxDifference: number;
}

/**
 * A model's probabilities for the card's example texts against the published ones: it passes when its labels are
 * the card's, in the same id order, and every probability lies within `tolerance` of the published figure. The
 * published figures come from PyTorch fp32; ONNX Runtime on the same weights lands within ~1e-4, random weights
 * nowhere near.
 */
export function checkAgainstModelCard(
  reference: ModelCardReference,
  labels: readonly string[],
  outputs: ReadonlyArray<ReadonlyArray<{ label: string; score: number }>>,
  tolerance = 1e-3,
): ModelCardCheck {
  const labelsMatch =
    labels.length === reference.labels.length && labels.every((label, i) => label === reference.labels[i]);
  const examples = reference.examples.map((example, i): ExampleCheck => {
    const computed = Object.fromEntries((outputs[i] ?? []).map(({ label, score }) => [label, score]));
    let maxDifference = 0;
    for (const label of reference.labels) {
      const score = computed[label];
      const difference = score === undefined ? Infinity : Math.abs(score - example.scores[label]!);
      maxDifference = Math.max(maxDifference, difference);
    }
    return {
      lang: example.lang,
      text: example.text,
      published: example.scores,
      computed,
      maxDifference,
      passed: maxDifference <= tolerance,
    };
  });
  const maxDifference = examples.reduce((max, example) => Math.max(max, example.maxDifference), 0);
  return {
    passed: labelsMatch && examples.every((example) => example.passed),
    tolerance,
    labelsMatch,
    expectedLabels: reference.labels,
    actualLabels: [...labels],
    examples,
    maxDifference,
  };
}
