/** A mapping from the data's gold labels to the model's labels. */
export type LabelMap = Record<string, string>;

export class LabelMapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelMapError';
  }
}

/**
 * `ham=positive,spam=negative` or a JSON object `{"ham": "positive"}`. Several data labels may map to one model
 * label (merging classes); a data label mapped twice is an error, because which mapping wins would be a guess.
 */
export function parseLabelMap(text: string): LabelMap {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return fromJson(trimmed);
  const map: LabelMap = {};
  for (const pair of trimmed.split(',')) {
    if (pair.trim() === '') continue;
    const equals = pair.indexOf('=');
    const from = pair.slice(0, equals).trim();
    const to = pair.slice(equals + 1).trim();
    if (equals < 0 || from === '' || to === '') {
      throw new LabelMapError(`"${pair.trim()}" is not data-label=model-label`);
    }
    if (Object.hasOwn(map, from)) throw new LabelMapError(`"${from}" is mapped twice`);
    map[from] = to;
  }
  if (Object.keys(map).length === 0) throw new LabelMapError('the label map is empty');
  return map;
}

function fromJson(text: string): LabelMap {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new LabelMapError(`not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LabelMapError('expected a JSON object like {"ham": "positive", "spam": "negative"}');
  }
  const map: LabelMap = {};
  for (const [from, to] of Object.entries(value)) {
    if (typeof to !== 'string' || to === '') throw new LabelMapError(`"${from}" must map to a label name`);
    map[from] = to;
  }
  if (Object.keys(map).length === 0) throw new LabelMapError('the label map is empty');
  return map;
}
