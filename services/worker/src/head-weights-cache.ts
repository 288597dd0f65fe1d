import { decodeHeadWeights, type HeadStore, type HeadWeights } from '@sieve/heads';
import { ReplyStatus, type JobHead } from '@sieve/queue';
import type { ModelFeatures } from '@sieve/runtime';

/** A head ready to score rows of pooled features, and how responses name the model it makes. */
export interface ScoringHead {
  weights: HeadWeights;
  /** Appended to the base model's reference in replies: "+spam@1". */
  suffix: string;
}

export type HeadLoad =
  | { ok: true; head: ScoringHead }
  | { ok: false; code: number; reason: string; message: string };

/** Heads kept decoded per model host; the least recently used goes first. */
const CAPACITY = 256;

/**
 * The heads this worker scores with, decoded once: a head version never changes (a retrained head is a new id), so
 * an entry stays valid until it is evicted. Reads are scoped to the request's tenant, like every head read.
 */
export class HeadWeightsCache {
  private readonly entries = new Map<string, Promise<HeadLoad>>();

  constructor(private readonly store: HeadStore) {}

  /** The head, if this model's features can feed it (they exist and have the width it was trained on). */
  async loadFor(features: ModelFeatures, tenant: string, head: JobHead): Promise<HeadLoad> {
    const name = `${head.name}@${head.version}`;
    if (!features.available) {
      return {
        ok: false,
        code: ReplyStatus.FAILED_PRECONDITION,
        reason: 'HEAD_BASE_CHANGED',
        message: `head ${name}: ${features.reason}`,
      };
    }
    const loaded = await this.load(tenant, head);
    if (loaded.ok && loaded.head.weights.inputDim !== features.dim) {
      return {
        ok: false,
        code: ReplyStatus.FAILED_PRECONDITION,
        reason: 'HEAD_BASE_CHANGED',
        message: `head ${name} reads ${loaded.head.weights.inputDim} features; this model gives ${features.dim}`,
      };
    }
    return loaded;
  }

  load(tenant: string, head: JobHead): Promise<HeadLoad> {
    const key = `${tenant}/${head.id}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const loading = this.read(tenant, head);
    this.entries.set(key, loading);
    // Only a loaded head is kept: a missing one may be a Redis hiccup, and is cheap to ask again.
    void loading.then((result) => {
      if (!result.ok) this.entries.delete(key);
    });
    while (this.entries.size > CAPACITY) this.entries.delete(this.entries.keys().next().value!);
    return loading;
  }

  private async read(tenant: string, head: JobHead): Promise<HeadLoad> {
    const name = `${head.name}@${head.version}`;
    let json: string | undefined;
    try {
      json = await this.store.weights(tenant, head.id);
    } catch (error) {
      return {
        ok: false,
        code: ReplyStatus.INTERNAL,
        reason: 'INFERENCE_FAILED',
        message: `head ${name}: ${String(error)}`,
      };
    }
    if (json === undefined) {
      return {
        ok: false,
        code: ReplyStatus.NOT_FOUND,
        reason: 'HEAD_NOT_FOUND',
        message: `head ${name} no longer exists`,
      };
    }
    try {
      return { ok: true, head: { weights: decodeHeadWeights(json), suffix: `+${name}` } };
    } catch (error) {
      return {
        ok: false,
        code: ReplyStatus.INTERNAL,
        reason: 'INFERENCE_FAILED',
        message: `head ${name}: ${String(error)}`,
      };
    }
  }
}
