import { classificationMetrics, type ClassificationMetrics } from './classification-metrics.ts';
import { groupedMetrics, type GroupedPrediction, type GroupMetrics } from './grouped-metrics.ts';
import type { LabelMap } from './label-map.ts';
import { latencySummary, type LatencySummary } from './latency-summary.ts';

/** What became of one submitted item: the model's top label with its probability, or the item's error. */
export type ItemOutcome = { predicted: string; confidence: number } | { error: string };

export interface EvalDataset {
  /** As the user named it; reports are read on other machines, where an absolute path means nothing. */
  file: string;
  sha256: string;
  textField: string;
  labelField: string;
  groupBy: string | null;
  labelMap: LabelMap | null;
  /** Which of the file's items were read, in words ("all 5574", "first 600 of 14465", ...). */
  selection: string;
  /** Items read from the file (after the selection). */
  read: number;
  /** Items not evaluated because their gold label has no mapping, by gold label. */
  skipped: { count: number; byLabel: Record<string, number> };
  /** The submitted items in submission order, gold labels already mapped to model labels. */
  items: ReadonlyArray<{ gold: string; group?: string }>;
  /** Every group among the read items, skipped ones included; null without --group-by. */
  groups: string[] | null;
}

/** One model's batch over the dataset's items. */
export interface ModelRun {
  model: string;
  modelDigest: string;
  /** The model's labels in id order: rows and columns of its confusion matrix start with them. */
  labels: string[];
  batchId: string;
  /** The idempotency key named a batch that already existed: its times are those of the earlier run. */
  reusedBatch: boolean;
  batchState: string;
  createTime: Date | null;
  startTime: Date | null;
  endTime: Date | null;
  /** Aligned with `EvalDataset.items`; undefined where the batch returned no result (cancelled or failed). */
  outcomes: ReadonlyArray<ItemOutcome | undefined>;
  /** Durations of single-text unary Classify calls, when a latency sample was taken. */
  latencySamplesMs?: readonly number[];
}

export interface Throughput {
  createTime: string | null;
  startTime: string | null;
  endTime: string | null;
  /** create -> start: how long the batch waited for a worker. */
  queueSeconds: number | null;
  /** start -> end. */
  runSeconds: number | null;
  /** Results (predictions and item errors) per second of run time. */
  textsPerSecond: number | null;
}

export interface ModelReport {
  model: string;
  modelDigest: string;
  labels: string[];
  batchId: string;
  reusedBatch: boolean;
  batchState: string;
  /** Items with a prediction: the population every metric is computed over. */
  evaluated: number;
  failed: { count: number; byReason: Record<string, number> };
  metrics: ClassificationMetrics;
  groups: GroupMetrics[] | null;
  throughput: Throughput;
  latency: LatencySummary | null;
}

export interface EvalReport {
  createdAt: string;
  data: Omit<EvalDataset, 'items'> & { submitted: number };
  calibrationBins: number;
  models: ModelReport[];
}

/** The last path segment, for titles: the full path stays in `data.file`. */
export const fileName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

const seconds = (from: Date | null, to: Date | null) =>
  from && to ? Math.max(0, (to.getTime() - from.getTime()) / 1000) : null;

export function buildModelReport(dataset: EvalDataset, run: ModelRun, calibrationBins = 10): ModelReport {
  const predictions: GroupedPrediction[] = [];
  const failures: Record<string, number> = {};
  let failed = 0;
  let answered = 0;
  for (let i = 0; i < dataset.items.length; i++) {
    const item = dataset.items[i]!;
    const outcome = run.outcomes[i];
    if (outcome && 'predicted' in outcome) {
      answered += 1;
      predictions.push({ ...outcome, gold: item.gold, group: item.group ?? '' });
      continue;
    }
    if (outcome) answered += 1;
    const reason = outcome ? outcome.error : `no result (batch ${run.batchState})`;
    failures[reason] = (failures[reason] ?? 0) + 1;
    failed += 1;
  }
  // The model's own order first, then gold labels it lacks, so that an unmappable label shows as its own row.
  const labels = [...new Set([...run.labels, ...dataset.items.map((item) => item.gold)])];
  const metrics = classificationMetrics(predictions, labels, { calibrationBins });
  const runSeconds = seconds(run.startTime, run.endTime);
  return {
    model: run.model,
    modelDigest: run.modelDigest,
    labels: run.labels,
    batchId: run.batchId,
    reusedBatch: run.reusedBatch,
    batchState: run.batchState,
    evaluated: predictions.length,
    failed: { count: failed, byReason: failures },
    metrics,
    groups: dataset.groups
      ? groupedMetrics(predictions, metrics.confusion.labels, dataset.groups, { calibrationBins })
      : null,
    throughput: {
      createTime: run.createTime?.toISOString() ?? null,
      startTime: run.startTime?.toISOString() ?? null,
      endTime: run.endTime?.toISOString() ?? null,
      queueSeconds: seconds(run.createTime, run.startTime),
      runSeconds,
      textsPerSecond: runSeconds ? answered / runSeconds : null,
    },
    latency: latencySummary(run.latencySamplesMs ?? []),
  };
}

/** The whole report, models in the order given: the object written as report.json and rendered as the others. */
export function buildEvalReport(
  dataset: EvalDataset,
  runs: readonly ModelRun[],
  options: { createdAt?: Date; calibrationBins?: number } = {},
): EvalReport {
  const { items, ...data } = dataset;
  const calibrationBins = options.calibrationBins ?? 10;
  return {
    createdAt: (options.createdAt ?? new Date()).toISOString(),
    data: { ...data, submitted: items.length },
    calibrationBins,
    models: runs.map((run) => buildModelReport(dataset, run, calibrationBins)),
  };
}
