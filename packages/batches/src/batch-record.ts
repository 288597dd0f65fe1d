import type { JobHead, TruncationCode } from '@sieve/queue';

/** `uploading` is internal: a Submit stream still in progress; nobody can see it and it expires if abandoned. */
export type BatchState = 'uploading' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export const ENDED_STATES: ReadonlySet<BatchState> = new Set(['succeeded', 'failed', 'cancelled']);

export interface BatchOptions {
  topK: number;
  raw: boolean;
  truncation: TruncationCode;
}

/** A batch as stored in its Redis hash. Times are epoch ms; 0 means "not yet". */
export interface BatchRecord {
  id: string;
  tenant: string;
  /** The model reference the batch runs on ("name@version"). */
  model: string;
  digest: string;
  /** The tenant's head that scores the items instead of the model's own labels (`MODEL+HEAD@version`). */
  head?: JobHead;
  displayName: string;
  idempotencyKey: string;
  options: BatchOptions;
  /** The tenant's fair-share weight when submitted: workers share batches between tenants by it. */
  weight: number;
  state: BatchState;
  total: number;
  done: number;
  failed: number;
  chunkSize: number;
  chunks: number;
  createdAt: number;
  startedAt: number;
  endedAt: number;
  /** How long results stay after the batch ends. */
  retentionMs: number;
  /** Set when the batch ends: when its keys expire. */
  expireAt: number;
  /** gRPC status of a failed batch. */
  error?: { code: number; message: string };
}

/** What a batch is created with; the rest is filled in by the store. */
export type BatchDraft = Pick<
  BatchRecord,
  | 'id'
  | 'tenant'
  | 'model'
  | 'digest'
  | 'head'
  | 'displayName'
  | 'idempotencyKey'
  | 'options'
  | 'weight'
  | 'chunkSize'
  | 'retentionMs'
>;

const STATES = new Set<string>(['uploading', 'queued', 'running', 'succeeded', 'failed', 'cancelled']);

/** Field values for HSET, as strings. */
export function encodeDraft(draft: BatchDraft, createdAt: number): Record<string, string> {
  return {
    id: draft.id,
    tenant: draft.tenant,
    model: draft.model,
    digest: draft.digest,
    ...(draft.head ? { head: JSON.stringify(draft.head) } : {}),
    displayName: draft.displayName,
    idempotencyKey: draft.idempotencyKey,
    options: JSON.stringify(draft.options),
    weight: String(draft.weight),
    state: 'uploading',
    total: '0',
    done: '0',
    failed: '0',
    chunkSize: String(draft.chunkSize),
    chunks: '0',
    createdAt: String(createdAt),
    startedAt: '0',
    endedAt: '0',
    retentionMs: String(draft.retentionMs),
    expireAt: '0',
  };
}

/** The record from HGETALL; undefined when the hash is missing or not a batch. */
export function decodeRecord(fields: Record<string, string>): BatchRecord | undefined {
  if (!fields.id || !fields.state || !STATES.has(fields.state)) return undefined;
  const number = (name: string) => Number(fields[name] ?? 0);
  return {
    id: fields.id,
    tenant: fields.tenant ?? '',
    model: fields.model ?? '',
    digest: fields.digest ?? '',
    ...(fields.head ? { head: JSON.parse(fields.head) as JobHead } : {}),
    displayName: fields.displayName ?? '',
    idempotencyKey: fields.idempotencyKey ?? '',
    options: JSON.parse(fields.options ?? '{"topK":0,"raw":false,"truncation":"r"}') as BatchOptions,
    weight: Number(fields.weight ?? 1) || 1,
    state: fields.state as BatchState,
    total: number('total'),
    done: number('done'),
    failed: number('failed'),
    chunkSize: number('chunkSize'),
    chunks: number('chunks'),
    createdAt: number('createdAt'),
    startedAt: number('startedAt'),
    endedAt: number('endedAt'),
    retentionMs: number('retentionMs'),
    expireAt: number('expireAt'),
    ...(fields.error ? { error: JSON.parse(fields.error) as { code: number; message: string } } : {}),
  };
}
