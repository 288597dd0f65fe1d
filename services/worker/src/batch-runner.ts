import type { BatchAssembler } from '@sieve/batching';
import { BatchReleasePolicy, tenantCharges, type PendingText } from '@sieve/batching';
import {
  ReplyStatus,
  type CancellationFeed,
  type ReplyPublisher,
  type RequestCancellation,
  type Reply,
} from '@sieve/queue';
import { headLogits } from '@sieve/heads';
import { scoreLogits, type TextClassifier } from '@sieve/runtime';
import type { Logger } from 'pino';
import type { RequestTracker } from './request-tracker.ts';
import type { WorkerMetrics } from '@sieve/telemetry';
import { BatchTrace } from './batch-trace.ts';
import type { ScoringHead } from './head-weights-cache.ts';
import { ReplyDeliveryTrace } from './reply-delivery-trace.ts';

/** One tokenized text waiting for a batch. */
export interface QueuedText extends PendingText {
  tracker: RequestTracker;
  index: number;
  ids: Int32Array;
  truncated: boolean;
  /** Scored by this head of the tenant (on the pooled features) instead of the model's own labels. */
  head?: ScoringHead;
}

export interface BatchStats {
  batches: number;
  texts: number;
  realTokens: number;
  paddedTokens: number;
  /** Histogram: batch size -> count. */
  sizes: Map<number, number>;
  /** Batches holding texts of more than one request. */
  multiRequestBatches: number;
  /** Interactive jobs taken and the requests they carried: how many requests shared each job's Redis round trips. */
  jobs: number;
  requests: number;
  /** Texts not computed because their caller's deadline had passed / the caller cancelled. */
  skippedExpired: number;
  skippedCancelled: number;
  /** Texts scored by a tenant's head. */
  headTexts: number;
  /** Batches whose one backbone pass served texts for more than one head (the model's own labels counting as one). */
  sharedBackboneBatches: number;
  /** Batches sent past the ones in flight for a tenant with nothing in flight (the express lane). */
  urgentBatches: number;
  /** Urgent batches the express session computed beside the batch in progress (the rest jumped the queue). */
  expressBatches: number;
}

/**
 * Without a CancellationFeed that vouches for it, a request whose cancellation mark was looked for this recently (its
 * job was just taken) is not asked about again before its batch: on an idle worker that second round trip was on
 * every call's path. A cancellation within this window costs one batch's work for a caller who is gone, never an
 * answer.
 */
const CANCELLATION_RECHECK_MS = 5;

/**
 * The worker's single inference loop: asks the BatchAssembler for the next batch, runs it on the one ONNX Runtime
 * session, and sends every finished request's reply. Tokenization happens in the job handlers (off the event loop,
 * in the tokenizer's threads) while a batch runs here, so the two overlap.
 */
export class BatchRunner {
  readonly stats: BatchStats = {
    batches: 0,
    texts: 0,
    realTokens: 0,
    paddedTokens: 0,
    sizes: new Map(),
    multiRequestBatches: 0,
    jobs: 0,
    requests: 0,
    skippedExpired: 0,
    skippedCancelled: 0,
    headTexts: 0,
    sharedBackboneBatches: 0,
    urgentBatches: 0,
    expressBatches: 0,
  };
  private readonly assembler: BatchAssembler<QueuedText>;
  private readonly classifier: TextClassifier;
  private readonly publisher: ReplyPublisher;
  private readonly cancellation: RequestCancellation;
  private readonly cancellationFeed: CancellationFeed | undefined;
  private readonly modelRef: string;
  private readonly log: Logger;
  private readonly metrics: WorkerMetrics | undefined;
  private wake: (() => void) | undefined;
  private draining = false;
  private stopped = false;
  private loop: Promise<void> | undefined;
  /** When to start a batch and which are urgent (pipeline depth, gathering, express lane); this class does the I/O. */
  private readonly policy: BatchReleasePolicy<QueuedText>;
  /** The loop waits for a batch to end: added texts wake it only if they could take the express lane. */
  private pipelineFull = false;

  constructor(options: {
    assembler: BatchAssembler<QueuedText>;
    classifier: TextClassifier;
    publisher: ReplyPublisher;
    cancellation: RequestCancellation;
    /** Cancels heard as they happen; without it every batch reads its requests' marks from Redis. */
    cancellationFeed?: CancellationFeed;
    modelRef: string;
    log: Logger;
    metrics?: WorkerMetrics;
  }) {
    this.assembler = options.assembler;
    this.classifier = options.classifier;
    this.publisher = options.publisher;
    this.cancellation = options.cancellation;
    this.cancellationFeed = options.cancellationFeed;
    this.modelRef = options.modelRef;
    this.log = options.log;
    this.metrics = options.metrics;
    // With several sessions (a SessionPool), as many batches run at once; each one free takes a batch at once.
    this.policy = new BatchReleasePolicy({
      sessions: this.classifier.info.sessions,
      defaultPriority: this.assembler.config.defaultPriority,
    });
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Texts waiting for a batch by tenant and priority class (see BatchAssembler.backlog). */
  backlog(limit: number): ReturnType<BatchAssembler<QueuedText>['backlog']> {
    return this.assembler.backlog(limit);
  }

  add(texts: QueuedText[]): void {
    if (texts.length === 0) return;
    this.assembler.add(texts);
    // A single tenant at saturation adds texts many times per batch; none of them can change what happens next.
    if (!this.pipelineFull || this.policy.mayGoExpress(texts)) this.wake?.();
  }

  /** Sends replies (used by job handlers for requests that fail before reaching a batch). */
  async send(replies: Array<Reply | undefined>, gateway: string): Promise<void> {
    const ready = replies.filter((reply): reply is Reply => reply !== undefined);
    if (ready.length > 0 && gateway !== '') await this.publisher.publish(gateway, ready);
  }

  /** From now on, batches are released without waiting for company (shutdown: finish quickly). */
  startDraining(): void {
    this.draining = true;
    this.wake?.();
  }

  /**
   * Ends the loop once nothing is pending. Call it only after the job consumer has stopped, so that no job handler
   * can still add texts that nobody would run.
   */
  async stop(): Promise<void> {
    this.startDraining();
    while (this.assembler.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const running = new Set<Promise<void>>();
    while (!this.stopped) {
      const release = this.policy.decide(this.assembler, this.draining);
      if (release.action === 'wait') {
        // Until a batch ends or texts arrive (while full, only texts that may go express).
        this.pipelineFull = release.pipelineFull;
        await this.idle(undefined);
        this.pipelineFull = false;
        continue;
      }
      const decision = this.assembler.next(Date.now(), { drain: release.drain });
      if (decision.expired.length > 0) await this.expire(decision.expired);
      if (decision.batch.length > 0) {
        const batch = decision.batch;
        const inFlight = this.policy.start(batch);
        const { urgent } = inFlight;
        if (urgent) this.stats.urgentBatches += 1;
        // The scheduler's decision, in the order it was taken (batches may finish in another order): which tenants
        // the batch serves and the padded tokens each is charged. Tests check fair share on these records, which a
        // busy machine cannot reorder, rather than on throughput measured under whatever else runs.
        if (this.log.isLevelEnabled('debug')) {
          const tenants = Object.fromEntries(
            [...tenantCharges(batch)].map(([tenant, tokens]) => [tenant ?? '', tokens]),
          );
          this.log.debug({ tenants, texts: batch.length, urgent }, 'batch chosen');
        }
        const done: Promise<void> = this.runBatch(batch, urgent)
          .catch((error: unknown) => this.log.error({ err: error }, 'batch failed'))
          .finally(() => {
            this.policy.end(inFlight);
            running.delete(done);
            this.wake?.();
          });
        running.add(done);
        continue;
      }
      const waitMs = 'waitMs' in decision && Number.isFinite(decision.waitMs) ? decision.waitMs : undefined;
      await this.idle(waitMs);
    }
    await Promise.all(running);
  }

  /** Until texts are added, a batch ends, the runner is told to drain or stop, or `waitMs` passes. */
  private idle(waitMs: number | undefined): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = waitMs !== undefined ? setTimeout(resolve, Math.max(0, waitMs)) : undefined;
      this.wake = () => {
        if (timer) clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  private async expire(texts: QueuedText[]): Promise<void> {
    const byGateway = new Map<string, Reply[]>();
    this.stats.skippedExpired += texts.length;
    this.metrics?.texts.inc({ model: this.modelRef, outcome: 'expired' }, texts.length);
    for (const text of texts) {
      const reply = text.tracker.fail(
        ReplyStatus.DEADLINE_EXCEEDED,
        'deadline passed before the work was computed',
      );
      if (reply) byGateway.set(text.tracker.gateway, [...(byGateway.get(text.tracker.gateway) ?? []), reply]);
      this.dropRest(text.tracker);
    }
    await Promise.all([...byGateway].map(([gateway, replies]) => this.send(replies, gateway)));
  }

  /** A request that failed or was cancelled no longer needs its other texts computed. */
  private dropRest(tracker: RequestTracker): void {
    this.assembler.remove(tracker.request.texts.map((_, index) => `${tracker.request.id}#${index}`));
  }

  private async runBatch(batch: QueuedText[], urgent: boolean): Promise<void> {
    const replies = new Map<string, Reply[]>();
    const reply = (gateway: string, r: Reply | undefined) => {
      delivery.expect(r);
      if (r) replies.set(gateway, [...(replies.get(gateway) ?? []), r]);
    };

    const trackers = [...new Set(batch.map((text) => text.tracker))];
    const delivery = new ReplyDeliveryTrace(trackers);
    const checkedAt = performance.now();
    // Marks are read only for requests the feed cannot vouch for (it was not subscribed since their last reading).
    const unchecked = trackers.filter(
      (tracker) =>
        tracker.cancellable &&
        !tracker.cancelRequested &&
        !this.cancellationFeed?.covers(tracker.cancellationCheckedAt) &&
        (tracker.cancellationCheckedAt === undefined ||
          checkedAt - tracker.cancellationCheckedAt > CANCELLATION_RECHECK_MS),
    );
    const cancelled =
      unchecked.length > 0
        ? await this.cancellation.cancelledAmong(unchecked.map((t) => t.request.id))
        : new Set<string>();
    for (const tracker of unchecked) tracker.cancellationCheckedAt = checkedAt;
    for (const tracker of trackers) {
      if (tracker.cancelRequested || cancelled.has(tracker.request.id)) {
        const skipped = batch.filter((text) => text.tracker === tracker).length;
        this.stats.skippedCancelled += skipped;
        this.metrics?.texts.inc({ model: this.modelRef, outcome: 'cancelled' }, skipped);
        reply(tracker.gateway, tracker.fail(ReplyStatus.CANCELLED, 'cancelled by the caller'));
        this.dropRest(tracker);
      }
    }
    const live = batch.filter((text) => !text.tracker.isSettled);
    if (live.length > 0) {
      const { digest, executionProvider: provider } = this.classifier.info;
      const traced = BatchTrace.start(live, { model: this.modelRef, digest, provider });
      try {
        // One backbone pass for every text, whichever head it asked for: features only when some text has a head.
        const rows = live.map((text) => text.ids);
        const { logits, features, startedAt, endedAt, express } = await traced.run(() =>
          this.classifier.runBatch(rows, { urgent, features: live.some((text) => text.head) }),
        );
        if (express) this.stats.expressBatches += 1;
        // The graph's own compute time, not the wait behind the batch before it on the session's thread.
        const elapsed = endedAt - startedAt;
        for (const text of live) text.tracker.enteredBatch(startedAt);
        this.record(live, elapsed);
        traced.end();
        traced.run(() => this.log.debug({ texts: live.length, ms: elapsed }, 'batch computed'));
        for (const tracker of new Set(live.map((text) => text.tracker))) tracker.inferenceMs += elapsed;
        live.forEach((text, i) => {
          const { request } = text.tracker;
          const scoring = { topK: request.topK, rawScores: request.raw };
          const labels = text.head
            ? scoreLogits(headLogits(text.head.weights, features![i]!), text.head.weights.labels, scoring)
            : this.classifier.score(logits[i]!, scoring);
          const outcome = { labels, tokenCount: text.ids.length, truncated: text.truncated };
          const model = text.head ? `${this.modelRef}${text.head.suffix}` : this.modelRef;
          reply(
            text.tracker.gateway,
            text.tracker.complete(text.index, outcome, model, this.classifier.info.digest),
          );
        });
      } catch (error) {
        traced.fail(error);
        traced.run(() => this.log.error({ err: error, texts: live.length }, 'inference failed'));
        for (const tracker of new Set(live.map((text) => text.tracker))) {
          this.metrics?.texts.inc({ model: this.modelRef, outcome: 'failed' }, tracker.request.texts.length);
          reply(
            tracker.gateway,
            tracker.fail(ReplyStatus.INTERNAL, `inference failed: ${String(error)}`, {
              reason: 'INFERENCE_FAILED',
            }),
          );
          this.dropRest(tracker);
        }
      }
    }
    await delivery.send(replies, (list, gateway) => this.send(list, gateway));
  }

  private record(batch: QueuedText[], elapsedMs: number): void {
    let longest = 0;
    let real = 0;
    for (const text of batch) {
      longest = Math.max(longest, text.ids.length);
      real += text.ids.length;
    }
    this.stats.batches += 1;
    this.stats.texts += batch.length;
    this.stats.realTokens += real;
    this.stats.paddedTokens += longest * batch.length;
    this.stats.sizes.set(batch.length, (this.stats.sizes.get(batch.length) ?? 0) + 1);
    if (new Set(batch.map((text) => text.tracker.request.id)).size > 1) this.stats.multiRequestBatches += 1;
    const heads = new Set(batch.map((text) => text.head));
    this.stats.headTexts += batch.filter((text) => text.head).length;
    if (heads.size > 1) this.stats.sharedBackboneBatches += 1;
    const metrics = this.metrics;
    if (metrics) {
      const model = this.modelRef;
      metrics.batchSize.observe({ model }, batch.length);
      metrics.batchPaddedTokens.observe({ model }, longest * batch.length);
      metrics.realTokens.inc({ model }, real);
      metrics.paddedTokens.inc({ model }, longest * batch.length);
      metrics.inference.observe(
        { model, provider: this.classifier.info.executionProvider },
        elapsedMs / 1000,
      );
      metrics.busySeconds.inc({ model }, elapsedMs / 1000);
      metrics.texts.inc({ model, outcome: 'computed' }, batch.length);
    }
  }
}
