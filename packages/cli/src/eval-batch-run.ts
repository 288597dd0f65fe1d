import { status } from '@grpc/grpc-js';
import type { Batch, BatchItemInit } from '@sieve/api';
import type { BatchClient } from '@sieve/client';
import type { ItemOutcome } from '@sieve/eval';
import { terminalProgressBar as bar } from './terminal-progress-bar.ts';

export interface EvalBatchRequest {
  model: string;
  idempotencyKey: string;
  displayName: string;
  /** Items to submit, in the order their outcomes are wanted. */
  items: AsyncIterable<BatchItemInit>;
  count: number;
  progress: boolean;
}

export interface EvalBatchOutcome {
  batch: Batch;
  reused: boolean;
  /** Indexed like the submitted items; a hole is an item the batch never answered (cancelled, failed). */
  outcomes: Array<ItemOutcome | undefined>;
}

const ENDED = new Set(['BATCH_STATE_SUCCEEDED', 'BATCH_STATE_FAILED', 'BATCH_STATE_CANCELLED']);
const POLL_MS = 300;

const stateName = (batch: Batch) => batch.state.replace('BATCH_STATE_', '').toLowerCase();

/**
 * One model's pass over the data as a batch job: upload, wait for the end (a progress bar on a terminal, a line
 * per stage otherwise), then every result in input order. Interrupting and re-running resumes the same batch,
 * because the caller's idempotency key is derived from the data and the model.
 */
export async function runEvalBatch(
  client: BatchClient,
  request: EvalBatchRequest,
): Promise<EvalBatchOutcome> {
  const upload = bar(request.progress, `${request.model} uploading   [{bar}] {value}/{total} texts`);
  upload?.start(request.count, 0);
  const submitted = await client
    .submit(
      {
        model: request.model,
        idempotencyKey: request.idempotencyKey,
        displayName: request.displayName,
        // Only the top label's probability is needed (accuracy and calibration); less to store and stream.
        options: { topK: 1 },
      },
      request.items,
      (sent) => upload?.update(sent),
    )
    .finally(() => upload?.stop());
  let batch = submitted.batch!;
  const reused = submitted.existing;
  if (!upload) {
    console.error(
      `${request.model}: batch ${batch.id} ${reused ? 'exists from an earlier run' : 'submitted'} (${batch.totalCount} texts)`,
    );
  }

  const progress = bar(
    request.progress,
    `${request.model} classifying [{bar}] {value}/{total} texts {percentage}% | eta {eta}s`,
  );
  progress?.start(Number(batch.totalCount), 0);
  try {
    while (!ENDED.has(batch.state)) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      batch = await client.get(batch.id);
      progress?.update(Number(batch.doneCount) + Number(batch.failedCount));
    }
  } finally {
    progress?.stop();
  }
  if (!progress) console.error(`${request.model}: batch ${batch.id} ${stateName(batch)}`);

  const outcomes: Array<ItemOutcome | undefined> = new Array(request.count);
  for await (const result of client.results(batch.id)) {
    const top = result.classification?.labels[0];
    outcomes[Number(result.index)] = top
      ? { predicted: top.label, confidence: top.score }
      : {
          error: result.error
            ? `${status[result.error.code] ?? result.error.code}: ${result.error.message}`
            : 'no label in the result',
        };
  }
  return { batch, reused, outcomes };
}
