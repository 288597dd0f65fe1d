import { countOf, millisOfTimestamp, secondsOfDuration } from './display-values.ts';

export interface BatchProgress {
  done: number;
  failed: number;
  total: number;
  /** 0..100, whole percent; 100 only once the batch has succeeded. */
  percent: number;
  /** Seconds to go: the server's ETA when it gives one, else the rate since the start; undefined when nothing can
   * be said (nothing done yet, or the batch has ended). */
  etaSeconds: number | undefined;
  finished: boolean;
}

const END_STATES = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

/** Whether a batch state (the proto enum's name, BATCH_STATE_ prefix or not) is an end state. */
export function isFinishedState(state: unknown): boolean {
  return typeof state === 'string' && END_STATES.some((end) => state.endsWith(end));
}

/** A sieve.v1.Batch in proto3 JSON → what its progress bar and ETA cell show at `nowMs`. */
export function batchProgressOf(batch: Record<string, unknown>, nowMs: number): BatchProgress {
  const total = countOf(batch.totalCount);
  const failed = countOf(batch.failedCount);
  const done = Math.min(total, countOf(batch.doneCount));
  const finished = isFinishedState(batch.state);
  const share = total === 0 ? 0 : Math.floor((done / total) * 100);
  // Full only for a job that succeeded; a cancelled or failed one shows where it stopped.
  const succeeded = typeof batch.state === 'string' && batch.state.endsWith('SUCCEEDED');
  const percent = succeeded ? 100 : finished ? share : Math.min(share, 99);
  let etaSeconds: number | undefined;
  if (!finished) {
    etaSeconds = secondsOfDuration(batch.eta);
    const started = millisOfTimestamp(batch.startTime);
    if (etaSeconds === undefined && started !== undefined && done > 0 && done < total && nowMs > started) {
      etaSeconds = (total - done) / (done / ((nowMs - started) / 1000));
    }
  }
  return { done, failed, total, percent, etaSeconds, finished };
}
