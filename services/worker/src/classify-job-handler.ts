import type { Job } from 'bullmq';
import {
  ReplyStatus,
  TRUNCATION_MODE_OF_CODE,
  type CancellationFeed,
  type ClassifyJob,
  type Reply,
  type RequestCancellation,
} from '@sieve/queue';
import { TextTooLongError, type TextClassifier, type TokenizedText } from '@sieve/runtime';
import type { BatchRunner, QueuedText } from './batch-runner.ts';
import type { HeadWeightsCache, ScoringHead } from './head-weights-cache.ts';
import { RequestTracker } from './request-tracker.ts';
import { ATTR, type WorkerMetrics } from '@sieve/telemetry';
import { RequestTrace } from './request-trace.ts';
import { ReplyDeliveryTrace } from './reply-delivery-trace.ts';

type Prepared =
  | { encoded: TokenizedText[]; head?: ScoringHead }
  | {
      failure: {
        code: number;
        message: string;
        extra: { reason?: string; violations?: Array<{ field: string; description: string }> };
      };
    };

/**
 * What a worker does with one queued job: skip requests whose caller is gone, tokenize the rest, hand their texts
 * to the batch runner, and finish the job once every request in it has been answered. BullMQ keeps the job locked
 * meanwhile, so a worker that dies leaves it to be taken over by another.
 */
export function classifyJobHandler(deps: {
  classifier: TextClassifier;
  runner: BatchRunner;
  cancellation: RequestCancellation;
  /** Cancels heard while the job's requests wait for batches (see BatchRunner). */
  cancellationFeed?: CancellationFeed;
  metrics?: WorkerMetrics;
  modelRef: string;
  /** Tenants' heads, for requests that name one (`MODEL+HEAD`). */
  heads: HeadWeightsCache;
}): (job: Job<ClassifyJob>) => Promise<void> {
  const { classifier, runner, cancellation, cancellationFeed, metrics, modelRef: model } = deps;
  /** Loads a request's head and tokenizes its texts: what it needs before its texts can join a batch. */
  const prepare = async (tracker: RequestTracker): Promise<Prepared> => {
    const started = performance.now();
    const { request } = tracker;
    let head: ScoringHead | undefined;
    if (request.head) {
      const loaded = await deps.heads.loadFor(classifier.info.features, request.tenant ?? '', request.head);
      if (!loaded.ok)
        return { failure: { code: loaded.code, message: loaded.message, extra: { reason: loaded.reason } } };
      head = loaded.head;
    }
    const tokenizeSpan = RequestTrace.of(tracker)?.child('sieve.tokenize', {
      attributes: { [ATTR.TEXTS]: request.texts.length },
    });
    const encoded = await classifier
      .tokenize(request.texts, TRUNCATION_MODE_OF_CODE[request.truncation] ?? 'right')
      .then((result) => {
        if (tokenizeSpan?.isRecording()) {
          const tokens = result.reduce(
            (sum, e) => sum + (e instanceof TextTooLongError ? 0 : e.ids.length),
            0,
          );
          tokenizeSpan.setAttribute(ATTR.TOKENS, tokens);
        }
        return result;
      })
      .finally(() => tokenizeSpan?.end());
    tracker.tokenizeMs = performance.now() - started;
    metrics?.tokenization.observe({ model }, tracker.tokenizeMs / 1000);
    metrics?.queueWait.observe({ model }, Math.max(0, tracker.takenAt - request.acceptedAt) / 1000);
    const tooLong = encoded
      .map((entry, index) => (entry instanceof TextTooLongError ? { index, entry } : undefined))
      .filter((x) => x !== undefined);
    if (tooLong.length > 0)
      return {
        failure: {
          code: ReplyStatus.INVALID_ARGUMENT,
          message: `${tooLong.length} text(s) exceed the model's maximum length and truncation is off`,
          extra: {
            reason: 'INVALID_REQUEST',
            violations: tooLong.map(({ index, entry }) => ({
              field: `texts[${index}]`,
              description: entry.message,
            })),
          },
        },
      };
    return { encoded: encoded as TokenizedText[], ...(head ? { head } : {}) };
  };

  return async (job) => {
    const { gateway, requests } = job.data;
    const takenAt = Date.now();
    runner.stats.jobs += 1;
    runner.stats.requests += requests.length;
    const trackers = requests.map((request) => new RequestTracker(request, gateway, takenAt));
    for (const tracker of trackers) RequestTrace.begin(tracker, job, model);
    const early: Array<Reply | undefined> = [];
    const unexpired = trackers.filter((tracker) => {
      if (tracker.request.deadline > 0 && tracker.request.deadline <= takenAt) {
        runner.stats.skippedExpired += tracker.request.texts.length;
        metrics?.texts.inc({ model, outcome: 'expired' }, tracker.request.texts.length);
        early.push(tracker.fail(ReplyStatus.DEADLINE_EXCEEDED, 'deadline passed while queued; not computed'));
        return false;
      }
      return true;
    });
    // Watched before the marks are read, so that a cancel is either in Redis when they are read or heard after.
    const unwatch = cancellationFeed
      ? unexpired.map((tracker) =>
          cancellationFeed.watch(tracker.request.id, () => (tracker.cancelRequested = true)),
        )
      : [];
    // The cancellation marks are read while the texts are tokenized, not before: a lone call would otherwise wait
    // for one more Redis round trip, and tokenizing a request that turns out cancelled wastes only the tokenizer's
    // ~5-10 µs per text. The reading is timed before it is sent: a feed subscribed by then hears every cancel it
    // could miss.
    const checkedAt = performance.now();
    const cancellationLookup = cancellation
      .cancelledAmong(unexpired.map((tracker) => tracker.request.id))
      .then((cancelled) => {
        for (const tracker of unexpired) tracker.cancellationCheckedAt = checkedAt;
        return cancelled;
      });
    try {
      const [cancelled, prepared] = await Promise.all([
        cancellationLookup,
        Promise.all(unexpired.map((tracker) => prepare(tracker))),
      ]);

      const queued: QueuedText[] = [];
      unexpired.forEach((tracker, position) => {
        const { request } = tracker;
        if (cancelled.has(request.id) || tracker.cancelRequested) {
          runner.stats.skippedCancelled += request.texts.length;
          metrics?.texts.inc({ model, outcome: 'cancelled' }, request.texts.length);
          early.push(tracker.fail(ReplyStatus.CANCELLED, 'cancelled by the caller'));
          return;
        }
        const outcome = prepared[position]!;
        if ('failure' in outcome) {
          early.push(tracker.fail(outcome.failure.code, outcome.failure.message, outcome.failure.extra));
          return;
        }
        outcome.encoded.forEach((entry, index) => {
          queued.push({
            key: `${request.id}#${index}`,
            tokens: entry.ids.length,
            // The worker's own clock: the assembler's wait bound must not depend on gateway clock skew.
            enqueuedAt: takenAt,
            ...(request.deadline > 0 ? { deadline: request.deadline } : {}),
            priority: request.priority,
            ...(request.tenant ? { tenant: request.tenant } : {}),
            // Fair share reads the weight from the text; a job from a gateway that sent none weighs 1.
            ...(request.tenant && request.weight ? { weight: request.weight } : {}),
            tracker,
            index,
            ids: entry.ids,
            truncated: entry.truncated,
            ...(outcome.head ? { head: outcome.head } : {}),
          });
        });
      });
      const ready = early.filter((reply): reply is Reply => reply !== undefined);
      await new ReplyDeliveryTrace(trackers).send([[gateway, ready]], (replies, to) =>
        runner.send(replies, to),
      );
      runner.add(queued);
      await Promise.all(trackers.map((tracker) => tracker.settledPromise));
    } finally {
      for (const stop of unwatch) stop();
    }
    for (const tracker of trackers) RequestTrace.of(tracker)?.finishUnlessDelivering();
  };
}
