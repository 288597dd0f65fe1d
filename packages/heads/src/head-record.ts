import type { ClassWeighting, HeadMetrics } from './head-training.ts';

export type HeadState = 'training' | 'ready' | 'failed';

/** One version of a tenant's head, as stored (its weights live under their own key). Times are epoch ms. */
export interface HeadRecord {
  /** Unique over all tenants and versions ("h-..."): names the weights and the training job. */
  id: string;
  tenant: string;
  name: string;
  version: number;
  /** The base model's name; heads are looked up by it. */
  baseModel: string;
  /** The version trained on, and its digest: the head serves only on that exact backbone. */
  baseVersion: string;
  baseDigest: string;
  labels: string[];
  holdoutFraction: number;
  hiddenUnits: number;
  classWeighting: ClassWeighting;
  idempotencyKey: string;
  examples: number;
  state: HeadState;
  stateReason: string;
  metrics?: HeadMetrics;
  createdAt: number;
  updatedAt: number;
}

/** What a new version is created from; the store gives it its version number and times. */
export type HeadDraft = Omit<
  HeadRecord,
  'version' | 'state' | 'stateReason' | 'metrics' | 'createdAt' | 'updatedAt'
>;

export function decodeHeadRecord(json: string): HeadRecord | undefined {
  try {
    const record = JSON.parse(json) as HeadRecord;
    return typeof record.id === 'string' && typeof record.version === 'number' ? record : undefined;
  } catch {
    return undefined;
  }
}
