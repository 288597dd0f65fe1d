import { readFileSync } from 'node:fs';
import { ModelLoadError } from './model-load-error.ts';

/** The facts of a Hugging Face `config.json` that serving needs. */
export interface ModelConfig {
  /** Labels in the model's output order (id2label by id, not alphabetical). */
  labels: string[];
  /** Tokens per sequence, special tokens included. */
  maxLength: number;
  modelType: string;
  /** A single-logit model scores with sigmoid instead of softmax. */
  singleLogit: boolean;
  /** Random weights from `sieve models synth` (its `sieve_synthetic` mark in config.json): answers mean nothing. */
  synthetic: boolean;
}

export function readModelConfig(path: string): ModelConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const problem =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'missing (a model directory needs config.json)'
        : `not valid JSON (${(error as Error).message})`;
    throw new ModelLoadError(path, problem, { cause: error });
  }
  if (typeof raw !== 'object' || raw === null) throw new ModelLoadError(path, 'must hold a JSON object');
  const config = raw as Record<string, unknown>;

  const id2label = config.id2label;
  if (typeof id2label !== 'object' || id2label === null || Object.keys(id2label).length === 0) {
    throw new ModelLoadError(path, 'has no id2label: sieve serves classification models only');
  }
  const entries = Object.entries(id2label as Record<string, unknown>).map(([id, label]) => {
    const index = Number(id);
    if (!Number.isInteger(index) || index < 0 || typeof label !== 'string') {
      throw new ModelLoadError(
        path,
        `id2label entry ${JSON.stringify(id)}: ${JSON.stringify(label)} is not id -> label`,
      );
    }
    return [index, label] as const;
  });
  entries.sort((a, b) => a[0] - b[0]);
  entries.forEach(([index], position) => {
    if (index !== position) throw new ModelLoadError(path, `id2label ids must be 0..${entries.length - 1}`);
  });

  const maxLength = config.max_position_embeddings ?? 512;
  if (typeof maxLength !== 'number' || !Number.isInteger(maxLength) || maxLength < 2) {
    throw new ModelLoadError(
      path,
      `max_position_embeddings must be an integer >= 2, got ${JSON.stringify(maxLength)}`,
    );
  }
  const labels = entries.map(([, label]) => label);
  return {
    labels,
    maxLength,
    modelType: typeof config.model_type === 'string' ? config.model_type : 'unknown',
    singleLogit: labels.length === 1,
    synthetic: typeof config.sieve_synthetic === 'object' && config.sieve_synthetic !== null,
  };
}
