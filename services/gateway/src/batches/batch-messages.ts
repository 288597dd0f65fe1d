import {
  TRUNCATION_NAME_OF_MODE,
  type BatchInit,
  type BatchResultInit,
  type BatchState as BatchStateName,
} from '@sieve/api';
import { estimateRemainingMs, type BatchRecord, type BatchState, type StoredResult } from '@sieve/batches';
import { TRUNCATION_MODE_OF_CODE } from '@sieve/queue';

const STATE_NAMES: Record<BatchState, BatchStateName> = {
  uploading: 'BATCH_STATE_UNSPECIFIED',
  queued: 'BATCH_STATE_QUEUED',
  running: 'BATCH_STATE_RUNNING',
  succeeded: 'BATCH_STATE_SUCCEEDED',
  failed: 'BATCH_STATE_FAILED',
  cancelled: 'BATCH_STATE_CANCELLED',
};

export const STATE_OF_NAME: Partial<Record<string, BatchState>> = Object.fromEntries(
  Object.entries(STATE_NAMES)
    .filter(([state]) => state !== 'uploading')
    .map(([state, name]) => [name, state as BatchState]),
);

function timestamp(ms: number): { seconds: number; nanos: number } | null {
  return ms > 0 ? { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 } : null;
}

/** The stored record as the API's Batch, with the ETA as of `now`. */
export function batchMessage(record: BatchRecord, now = Date.now()): BatchInit {
  const eta = estimateRemainingMs(record, now);
  return {
    id: record.id,
    model: record.head ? `${record.model}+${record.head.name}@${record.head.version}` : record.model,
    modelDigest: record.digest,
    displayName: record.displayName,
    state: STATE_NAMES[record.state],
    totalCount: record.total,
    doneCount: record.done,
    failedCount: record.failed,
    createTime: timestamp(record.createdAt),
    startTime: timestamp(record.startedAt),
    endTime: timestamp(record.endedAt),
    eta: eta === undefined ? null : { seconds: Math.floor(eta / 1000), nanos: (eta % 1000) * 1e6 },
    expireTime: timestamp(record.expireAt),
    options: {
      topK: record.options.topK,
      rawScores: record.options.raw,
      truncation: TRUNCATION_NAME_OF_MODE[TRUNCATION_MODE_OF_CODE[record.options.truncation]],
    },
    error: record.error ? { code: record.error.code, message: record.error.message, details: [] } : null,
    idempotencyKey: record.idempotencyKey,
  };
}

export function batchResultMessage(index: number, result: StoredResult): BatchResultInit {
  if ('error' in result) {
    return {
      index,
      id: result.id,
      error: { code: result.error.code, message: result.error.message, details: [] },
    };
  }
  return {
    index,
    id: result.id,
    classification: {
      labels: result.labels.map(([label, score]) => ({ label, score })),
      tokenCount: result.tokens,
      truncated: result.truncated,
      cached: false,
    },
  };
}
