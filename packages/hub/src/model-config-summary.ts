import { readFile } from 'node:fs/promises';
import { ModelConfigError } from './model-config-error.ts';

/** The facts of config.json a manifest records, so a reader knows the labels without loading the model. */
export interface ModelConfigSummary {
  labels: string[];
  maxLength: number;
}

/**
 * Labels by id2label id and max_position_embeddings (512 when absent), read the same way @sieve/runtime reads
 * them. `displayName` names the file in errors (the hub path rather than a staging path).
 */
export async function readModelConfigSummary(path: string, displayName: string): Promise<ModelConfigSummary> {
  let config: unknown;
  try {
    config = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ModelConfigError(displayName, `not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (typeof config !== 'object' || config === null)
    throw new ModelConfigError(displayName, 'must hold a JSON object');
  const { id2label, max_position_embeddings: maxPositions } = config as Record<string, unknown>;
  if (typeof id2label !== 'object' || id2label === null || Object.keys(id2label).length === 0) {
    throw new ModelConfigError(
      displayName,
      'has no id2label: sieve serves sequence-classification models only',
    );
  }
  const entries = Object.entries(id2label as Record<string, unknown>).map(([id, label]) => {
    if (!/^\d+$/.test(id) || typeof label !== 'string') {
      throw new ModelConfigError(
        displayName,
        `id2label entry ${JSON.stringify(id)} is not an id -> label pair`,
      );
    }
    return [Number(id), label] as const;
  });
  entries.sort((a, b) => a[0] - b[0]);
  const maxLength = maxPositions ?? 512;
  if (typeof maxLength !== 'number' || !Number.isInteger(maxLength) || maxLength < 2) {
    throw new ModelConfigError(displayName, `max_position_embeddings must be an integer >= 2`);
  }
  return { labels: entries.map(([, label]) => label), maxLength };
}
