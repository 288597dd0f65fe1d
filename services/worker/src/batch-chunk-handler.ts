import type { Job } from 'bullmq';
import type { BatchChunkJob, BatchStore, StoredResult } from '@sieve/batches';
import { ReplyStatus, TRUNCATION_MODE_OF_CODE, type TruncationCode } from '@sieve/queue';
import { TextTooLongError, type TextClassifier } from '@sieve/runtime';
import type { Logger } from 'pino';
import { countOutcomes } from '@sieve/batches';
import type { WorkerMetrics } from '@sieve/telemetry';
import type { BatchRunner, QueuedText } from './batch-runner.ts';
import type { HeadWeightsCache, ScoringHead } from './head-weights-cache.ts';
import { RequestTracker } from './request-tracker.ts';

/** Batch texts run after every interactive class (0 high, 1 normal, 2 low): batch jobs fill idle capacity. */
export const BATCH_PRIORITY = 3;

/**
 * What a worker does with one chunk of a batch job: skip it if the batch was cancelled or the chunk already has
 * results (a re-run after a crash), tokenize its items, put them into the same batcher as interactive traffic at
 * batch priority, and write the results once. An item that cannot be classified (too long with truncation off)
 * gets its own error result; a chunk whose inference keeps failing is retried by BullMQ and, on its last attempt,
 * its items are recorded as failed so that the batch still ends.
 */
export function batchChunkHandler(deps: {
  store: BatchStore;
  classifier: TextClassifier;
  runner: BatchRunner;
  log: Logger;
  metrics?: WorkerMetrics;
  /** Tenants' heads, for batches submitted on `MODEL+HEAD`. */
  heads: HeadWeightsCache;
}): (job: Job<BatchChunkJob>) => Promise<void> {
  const { store, classifier, runner, log, metrics } = deps;
  return async (job) => {
    const { batchId, chunk } = job.data;
    const state = await store.startChunk(batchId);
    if (state !== 'running') return; // cancelled, ended or expired: nothing to compute
    if (await store.hasChunkResults(batchId, chunk)) return;
    const [record, items] = await Promise.all([store.read(batchId), store.readChunkItems(batchId, chunk)]);
    if (!record || !items) return;

    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    let results: StoredResult[];
    const head = record.head
      ? await deps.heads.loadFor(classifier.info.features, record.tenant, record.head)
      : undefined;
    try {
      // A head that cannot score (deleted since the submit) fails the items, not the chunk: retries would not help.
      results =
        head && !head.ok
          ? items.map(([id]) => ({ id, error: { code: head.code, message: head.message } }))
          : await classifyItems(
              items,
              record.tenant,
              record.weight,
              record.options,
              `${batchId}.${chunk}`,
              head?.head,
            );
    } catch (error) {
      if (!lastAttempt) throw error;
      log.error(
        { err: error, batchId, chunk },
        'batch chunk failed on its last attempt; its items are failed',
      );
      results = items.map(([id]) => ({
        id,
        error: { code: ReplyStatus.INTERNAL, message: `inference failed: ${String(error)}` },
      }));
    }
    const written = await store.writeChunkResults(batchId, chunk, results);
    if (written === 'duplicate') log.debug({ batchId, chunk }, 'chunk results were already written');
    if (written === 'written' && metrics) {
      const counts = countOutcomes(results);
      const labels = { model: record.model, tenant: record.tenant };
      metrics.batchJobItems.inc({ ...labels, outcome: 'classified' }, counts.done);
      if (counts.failed > 0) metrics.batchJobItems.inc({ ...labels, outcome: 'failed' }, counts.failed);
    }
  };

  async function classifyItems(
    items: Array<[string, string]>,
    tenant: string,
    weight: number,
    options: { topK: number; raw: boolean; truncation: TruncationCode },
    requestId: string,
    head: ScoringHead | undefined,
  ): Promise<StoredResult[]> {
    const takenAt = Date.now();
    const encoded = await classifier.tokenize(
      items.map(([, text]) => text),
      TRUNCATION_MODE_OF_CODE[options.truncation] ?? 'right',
    );
    const results: Array<StoredResult | undefined> = new Array(items.length);
    const positions: number[] = [];
    encoded.forEach((entry, i) => {
      if (entry instanceof TextTooLongError) {
        results[i] = {
          id: items[i]![0],
          error: { code: ReplyStatus.INVALID_ARGUMENT, message: entry.message },
        };
      } else positions.push(i);
    });
    if (positions.length > 0) {
      const tracker = new RequestTracker(
        {
          id: requestId,
          texts: positions.map((i) => items[i]![1]),
          topK: options.topK,
          raw: options.raw,
          truncation: options.truncation,
          deadline: 0,
          acceptedAt: takenAt,
          priority: BATCH_PRIORITY,
          tenant,
          weight,
        },
        '',
        takenAt,
      );
      runner.add(
        positions.map((position, index): QueuedText => {
          const entry = encoded[position] as Exclude<(typeof encoded)[number], TextTooLongError>;
          return {
            key: `${requestId}#${index}`,
            tokens: entry.ids.length,
            enqueuedAt: takenAt,
            priority: BATCH_PRIORITY,
            tenant,
            ...(weight ? { weight } : {}),
            tracker,
            index,
            ids: entry.ids,
            truncated: entry.truncated,
            ...(head ? { head } : {}),
          };
        }),
      );
      await tracker.settledPromise;
      const reply = tracker.reply;
      if (!reply || !reply.ok) {
        throw new Error(reply && !reply.ok ? reply.error.message : 'chunk settled without a reply');
      }
      positions.forEach((position, index) => {
        const outcome = reply.results[index]!;
        results[position] = {
          id: items[position]![0],
          labels: outcome.labels.map(({ label, score }) => [label, score]),
          tokens: outcome.tokenCount,
          truncated: outcome.truncated,
        };
      });
    }
    return results as StoredResult[];
  }
}
