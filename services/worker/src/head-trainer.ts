import { setImmediate as turn } from 'node:timers/promises';
import { Worker, type Job } from 'bullmq';
import {
  encodeHeadWeights,
  headModelName,
  headTrainingSteps,
  type HeadRecord,
  type HeadStore,
  type HeadTrainingJob,
  type TrainedHead,
} from '@sieve/heads';
import type { QueueKeys } from '@sieve/queue';
import type { RedisClient } from '@sieve/redis';
import { TextTooLongError, type TextClassifier, type TokenizedText } from '@sieve/runtime';
import type { Logger } from 'pino';
import { jobLockTiming } from './job-lock-timing.ts';

export interface HeadTrainerOptions {
  keys: QueueKeys;
  /** The model version served here ("name@version"): its training queue is consumed. */
  modelRef: string;
  /** A fresh connection for the BullMQ worker (it needs its own blocking connection). */
  connect: () => RedisClient;
  store: HeadStore;
  classifier: TextClassifier;
  /** Feature batches stay within the serving batch bounds, so a training batch delays interactive ones no more. */
  maxBatchTexts: number;
  maxBatchTokens: number;
  lockDuration: number;
  stalledInterval: number;
  log: Logger;
}

/** A reason training cannot succeed on any retry (missing examples, no features): the head fails at once. */
class TrainingRefused extends Error {}

/** How long training holds the event loop before letting replies, heartbeats and lock renewals through. */
const TRAINING_SLICE_MS = 10;
/** Texts tokenized per call: bounded, so 50,000 examples never sit in the tokenizer at once. */
const TOKENIZE_CHUNK = 1024;

/**
 * Trains the heads queued for the model this worker serves: reads the staged examples, computes their pooled
 * features with this worker's session in serving-sized batches (interleaved with interactive batches, never in
 * front of many), trains with packages/heads in slices that give the event loop back, and stores the head READY with
 * its metrics, or FAILED with the reason. One head at a time; a worker that dies mid-training leaves the job to
 * another (BullMQ retries it, up to its attempts).
 */
export class HeadTrainer {
  private constructor(private readonly worker: Worker<HeadTrainingJob>) {}

  static async start(options: HeadTrainerOptions): Promise<HeadTrainer> {
    const { keys, modelRef, log } = options;
    const name = keys.headTrainingQueue(modelRef);
    const worker = new Worker<HeadTrainingJob>(name, (job) => train(options, job), {
      connection: options.connect(),
      prefix: keys.prefix,
      concurrency: 1,
      ...jobLockTiming(options.lockDuration, options.stalledInterval),
    });
    worker.on('error', (error) => log.error({ err: error, queue: name }, 'head training queue error'));
    await worker.waitUntilReady();
    return new HeadTrainer(worker);
  }

  async close(force = false): Promise<void> {
    await this.worker.close(force);
  }
}

async function train(options: HeadTrainerOptions, job: Job<HeadTrainingJob>): Promise<void> {
  const { store, log } = options;
  const { tenant, headId } = job.data;
  const record = await store.get(tenant, headId);
  if (!record || record.state !== 'training') return; // deleted, or settled by an earlier attempt
  const head = headModelName(record.baseModel, record.name, record.version);
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  const started = performance.now();
  try {
    const trained = await trainRecord(options, record);
    const settled = await store.markReady(record, encodeHeadWeights(trained.weights), trained.metrics);
    await store.discardExamples(headId);
    const { holdout, baseline, epochs, examples, deduplication } = trained.metrics;
    log.info(
      {
        tenant,
        head,
        examples,
        duplicates: deduplication?.duplicates,
        conflicts: deduplication?.conflicts,
        epochs,
        macroF1: holdout.macroF1,
        baselineMacroF1: baseline.macroF1,
        accuracy: holdout.accuracy,
        ms: Math.round(performance.now() - started),
        deletedMeanwhile: !settled,
      },
      'head trained',
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (!(error instanceof TrainingRefused) && !lastAttempt) {
      log.warn({ err: error, tenant, head }, 'head training failed; it will be retried');
      throw error;
    }
    log.error({ tenant, head, reason }, 'head training failed');
    await store.markFailed(record, reason);
    await store.discardExamples(headId);
  }
}

async function trainRecord(options: HeadTrainerOptions, record: HeadRecord): Promise<TrainedHead> {
  const { store, classifier } = options;
  const info = classifier.info;
  if (info.digest !== record.baseDigest) {
    throw new TrainingRefused(
      `this worker serves ${options.modelRef} as ${info.digest}, not ${record.baseDigest} the head was created on`,
    );
  }
  if (!info.features.available) throw new TrainingRefused(`${options.modelRef}: ${info.features.reason}`);
  const examples = await store.readExamples(record.id);
  if (examples.length === 0) {
    throw new TrainingRefused('the staged examples expired before a worker of the base model took the head');
  }
  const texts = examples.map(([text]) => text);
  const features = await pooledFeatures(options, texts);
  const steps = headTrainingSteps(
    features,
    examples.map(([, label]) => label),
    {
      labels: record.labels,
      // Repeated texts are collapsed before the split, so the held-out metrics never score a text trained on.
      texts,
      holdoutFraction: record.holdoutFraction,
      hiddenUnits: record.hiddenUnits,
      classWeighting: record.classWeighting,
    },
  );
  let slice = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - slice > TRAINING_SLICE_MS) {
      await turn();
      slice = performance.now();
    }
  }
}

/** Each text's pooled features, computed in length-sorted batches within the serving bounds. */
async function pooledFeatures(
  options: HeadTrainerOptions,
  texts: readonly string[],
): Promise<Float32Array[]> {
  const { classifier } = options;
  const rows: Int32Array[] = [];
  for (let start = 0; start < texts.length; start += TOKENIZE_CHUNK) {
    const encoded = await classifier.tokenize(texts.slice(start, start + TOKENIZE_CHUNK), 'right');
    for (const entry of encoded) {
      // Right truncation never refuses a text; a refusal here is a tokenizer fault worth failing the head for.
      if (entry instanceof TextTooLongError) throw new TrainingRefused(entry.message);
      rows.push((entry as TokenizedText).ids);
    }
  }
  const order = rows.map((_, i) => i).sort((a, b) => rows[a]!.length - rows[b]!.length);
  const features = new Array<Float32Array>(rows.length);
  let batch: number[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const computed = await classifier.predictWithFeatures(batch.map((i) => rows[i]!));
    batch.forEach((i, k) => (features[i] = computed.features[k]!));
    batch = [];
  };
  for (const index of order) {
    // Sorted by length, the row being added is the longest: it sets the batch's padded width.
    const padded = (batch.length + 1) * rows[index]!.length;
    if (batch.length >= options.maxBatchTexts || (batch.length > 0 && padded > options.maxBatchTokens))
      await flush();
    batch.push(index);
  }
  await flush();
  return features;
}
