/** One fully connected layer: `output = activation(input x weight + bias)`, weight row-major [inputDim][outputDim]. */
export interface DenseLayer {
  inputDim: number;
  outputDim: number;
  weight: Float32Array;
  bias: Float32Array;
  activation: 'relu' | 'linear';
}

/**
 * A trained head: how to standardise the backbone's features (the training split's mean and spread), then one
 * layer (softmax regression) or two (a small MLP) whose last outputs are the logits of `labels`, in order.
 */
export interface HeadWeights {
  labels: string[];
  inputDim: number;
  mean: Float32Array;
  scale: Float32Array;
  layers: DenseLayer[];
}

export class HeadWeightsError extends Error {
  constructor(problem: string) {
    super(`head weights: ${problem}`);
    this.name = 'HeadWeightsError';
  }
}

/** The head's logits for one row of pooled features. */
export function headLogits(head: HeadWeights, features: ArrayLike<number>): Float64Array {
  if (features.length !== head.inputDim) {
    throw new HeadWeightsError(`features have ${features.length} values; the head reads ${head.inputDim}`);
  }
  let activations: Float64Array = new Float64Array(head.inputDim);
  for (let i = 0; i < head.inputDim; i++) activations[i] = (features[i]! - head.mean[i]!) / head.scale[i]!;
  for (const layer of head.layers) activations = denseForward(layer, activations);
  return activations;
}

/** One layer applied to one row; shared by training (float64 weights) and serving (float32). */
export function denseForward(
  layer: Pick<DenseLayer, 'inputDim' | 'outputDim' | 'activation'> & {
    weight: ArrayLike<number>;
    bias: ArrayLike<number>;
  },
  input: ArrayLike<number>,
): Float64Array {
  const output = Float64Array.from(layer.bias as ArrayLike<number>);
  for (let i = 0; i < layer.inputDim; i++) {
    const value = input[i]!;
    if (value === 0) continue;
    const row = i * layer.outputDim;
    for (let j = 0; j < layer.outputDim; j++) output[j]! += value * layer.weight[row + j]!;
  }
  if (layer.activation === 'relu')
    for (let j = 0; j < output.length; j++) output[j] = Math.max(0, output[j]!);
  return output;
}

interface StoredLayer {
  inputDim: number;
  outputDim: number;
  activation: 'relu' | 'linear';
  /** float32 little-endian, base64: a quarter of the bytes of decimal JSON, and exact. */
  weight: string;
  bias: string;
}

interface StoredHead {
  format: 1;
  labels: string[];
  inputDim: number;
  mean: string;
  scale: string;
  layers: StoredLayer[];
}

const toBase64 = (values: Float32Array) =>
  Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');

function fromBase64(text: unknown, length: number, what: string): Float32Array {
  if (typeof text !== 'string') throw new HeadWeightsError(`${what} is missing`);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength !== length * 4) {
    throw new HeadWeightsError(`${what} holds ${bytes.byteLength / 4} values, expected ${length}`);
  }
  const values = new Float32Array(length);
  new Uint8Array(values.buffer).set(bytes);
  return values;
}

export function encodeHeadWeights(head: HeadWeights): string {
  const stored: StoredHead = {
    format: 1,
    labels: head.labels,
    inputDim: head.inputDim,
    mean: toBase64(head.mean),
    scale: toBase64(head.scale),
    layers: head.layers.map((layer) => ({
      inputDim: layer.inputDim,
      outputDim: layer.outputDim,
      activation: layer.activation,
      weight: toBase64(layer.weight),
      bias: toBase64(layer.bias),
    })),
  };
  return JSON.stringify(stored);
}

/** Reads stored weights, checking every shape, so that a corrupt record fails here rather than mid-batch. */
export function decodeHeadWeights(json: string): HeadWeights {
  let stored: Partial<StoredHead>;
  try {
    stored = JSON.parse(json) as Partial<StoredHead>;
  } catch (error) {
    throw new HeadWeightsError(`not JSON: ${(error as Error).message}`);
  }
  if (stored.format !== 1) throw new HeadWeightsError(`unknown format ${String(stored.format)}`);
  const { labels, inputDim, layers } = stored;
  if (!Array.isArray(labels) || labels.length === 0) throw new HeadWeightsError('no labels');
  if (!Number.isInteger(inputDim) || inputDim! <= 0) throw new HeadWeightsError('no input width');
  if (!Array.isArray(layers) || layers.length === 0) throw new HeadWeightsError('no layers');
  let width = inputDim!;
  const decoded = layers.map((layer, index): DenseLayer => {
    if (layer.inputDim !== width)
      throw new HeadWeightsError(`layer ${index} reads ${layer.inputDim}, not ${width}`);
    width = layer.outputDim;
    return {
      inputDim: layer.inputDim,
      outputDim: layer.outputDim,
      activation: layer.activation === 'relu' ? 'relu' : 'linear',
      weight: fromBase64(layer.weight, layer.inputDim * layer.outputDim, `layer ${index} weight`),
      bias: fromBase64(layer.bias, layer.outputDim, `layer ${index} bias`),
    };
  });
  if (width !== labels.length) throw new HeadWeightsError(`${width} logits for ${labels.length} labels`);
  return {
    labels,
    inputDim: inputDim!,
    mean: fromBase64(stored.mean, inputDim!, 'mean'),
    scale: fromBase64(stored.scale, inputDim!, 'scale'),
    layers: decoded,
  };
}
