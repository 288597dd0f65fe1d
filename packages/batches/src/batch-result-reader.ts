import { setTimeout as delay } from 'node:timers/promises';
import type { BatchStore } from './batch-store.ts';
import { ENDED_STATES, type BatchRecord } from './batch-record.ts';
import type { StoredResult } from './chunk-encoding.ts';

export interface ResultPage {
  /** Consecutive input positions, ascending (a chunk that was never computed, e.g. cancelled, is skipped). */
  results: Array<{ index: number; result: StoredResult }>;
  /** Where to resume after this page. */
  nextOffset: number;
}

export interface ReadOptions {
  /** Wait for results not computed yet until the batch ends, instead of stopping at the first gap. */
  follow: boolean;
  signal?: AbortSignal;
  /** How often to look again for results while following. */
  pollMs?: number;
  /** Chunks fetched per Redis round trip. */
  chunksPerRead?: number;
}

/**
 * Results of a batch in input order from an offset, a chunk per page. Stateless between pages: a client that
 * reconnects resumes from the last `nextOffset` it received, on any gateway.
 */
export async function* readBatchResults(
  store: BatchStore,
  initial: BatchRecord,
  offset: number,
  options: ReadOptions,
): AsyncGenerator<ResultPage> {
  let record = initial;
  let position = Math.min(offset, record.total);
  const perRead = options.chunksPerRead ?? 8;
  while (position < record.total && !options.signal?.aborted) {
    const chunkSize = record.chunkSize;
    const first = Math.floor(position / chunkSize);
    const chunks = await store.readChunkResults(record.id, first, Math.min(perRead, record.chunks - first));
    let progressed = false;
    for (let i = 0; i < chunks.length; i++) {
      const chunk = first + i;
      const results = chunks[i];
      const chunkStart = chunk * chunkSize;
      if (!results) {
        // A gap: either not computed yet, or never (the batch ended without it: cancelled before it ran).
        if (!ENDED_STATES.has(record.state)) break;
        position = Math.min(record.total, chunkStart + chunkSize);
        progressed = true;
        continue;
      }
      const from = position - chunkStart;
      const page = results.slice(from).map((result, j) => ({ index: position + j, result }));
      position = chunkStart + results.length;
      progressed = true;
      yield { results: page, nextOffset: position };
    }
    if (progressed) continue;
    // Nothing new at `position`. Has the batch ended meanwhile (so the gap is final)? Else wait, or stop here.
    const fresh = await store.read(record.id);
    if (!fresh) return;
    const wasRunning = !ENDED_STATES.has(record.state);
    record = fresh;
    if (ENDED_STATES.has(record.state) && wasRunning) continue;
    if (!options.follow || ENDED_STATES.has(record.state)) return;
    await sleep(options.pollMs ?? 200, options.signal);
  }
}

/** Waits, or stops waiting when the caller aborts (the next attempt then sees the abort). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal }).catch((error: unknown) => {
    if (!(error instanceof Error && error.name === 'AbortError')) throw error;
  });
}
