import { baselineRows, type BaselineRow } from './baseline-rows.ts';
import type { BootstrapOptions } from './bootstrap-interval.ts';
import { classificationMetrics, type ClassificationMetrics } from './classification-metrics.ts';
import { groupedMetrics, type GroupedPrediction, type GroupMetrics } from './grouped-metrics.ts';
import type { LabelMap } from './label-map.ts';
import { latencySummary, type LatencySummary } from './latency-summary.ts';
import {
  compareModels,
  metricIntervals,
  type ComparedModel,
  type MetricIntervals,
  type PairComparison,
} from './model-comparison.ts';

/** What became of one submitted item: the model's top label with its probability, or the item's error. */
export type ItemOutcome = { predicted: string; confidence: number } | { error: string };

export interface EvalDataset {
  /** As the user named it; reports are read on other machines, where an absolute path means nothing. */
  file: string;
  sha256: string;
  textField: string;
  labelField: string;
  groupBy: string | null;
  /** Data label -> model label for every model without a map of its own (`ModelRun.labelMap`). */
  labelMap: LabelMap | null;
  /** Which of the file's items were read, in words ("all 5574", "first 600 of 14465", ...). */
  selection: string;
  /** Items read from the file (after the selection). */
  read: number;
  /** Items not evaluated because their gold label has no mapping, by gold label. */
  skipped: { count: number; byLabel: Record<string, number> };
  /**
   * The submitted items in submission order, gold labels as the data has them (each model's label map turns them
   * into its labels); the line and text, where given, show disagreements between models.
   */
  items: ReadonlyArray<{ gold: string; group?: string; line?: number; text?: string }>;
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
  /** This model's own data label -> model label map; undefined: the dataset's. */
  labelMap?: LabelMap | null;
  /** Whether the served weights are synthetic (random); undefined: not known. */
  synthetic?: boolean;
  /** Seconds this run spent from submitting to the last result read; undefined when the batch was reused. */
  wallSeconds?: number;
  /** The serving worker's memory read in the same run; null or undefined: not measured. */
  memory?: MemoryReading | null;
}

export interface MemoryReading {
  residentBytes: number;
  /** Where it was read, e.g. the metrics URL. */
  source: string;
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
  /** Submit -> last result read, as the user waited for it; null when an earlier run's batch was reused. */
  wallSeconds: number | null;
  /** Results per second of that wall time: upload, queue and download included. */
  wallTextsPerSecond: number | null;
}

export interface ModelReport {
  model: string;
  modelDigest: string;
  labels: string[];
  /** The data label -> model label map this model was scored with; null: the data's labels are its labels. */
  labelMap: LabelMap | null;
  /** True: random weights, whose answers mean nothing; null: not known. */
  synthetic: boolean | null;
  batchId: string;
  reusedBatch: boolean;
  batchState: string;
  /** Items with a prediction: the population every metric is computed over. */
  evaluated: number;
  failed: { count: number; byReason: Record<string, number> };
  metrics: ClassificationMetrics;
  /** Bootstrap intervals of accuracy and macro-F1 (settings in `EvalReport.bootstrap`). */
  intervals: MetricIntervals;
  groups: GroupMetrics[] | null;
  throughput: Throughput;
  latency: LatencySummary | null;
  /** Null: not measured. */
  memory: MemoryReading | null;
}

export interface EvalReport {
  createdAt: string;
  data: Omit<EvalDataset, 'items'> & { submitted: number };
  calibrationBins: number;
  bootstrap: Required<BootstrapOptions>;
  models: ModelReport[];
  /** Majority-class and uniform-random rows over the same items, in the data's labels. */
  baselines: BaselineRow[];
  /** Every pair of models, in the order given. */
  comparisons: PairComparison[];
}

/** The last path segment, for titles: the full path stays in `data.file`. */
export const fileName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

const seconds = (from: Date | null, to: Date | null) =>
  from && to ? Math.max(0, (to.getTime() - from.getTime()) / 1000) : null;

/** The map a run is scored with: its own, else the dataset's. */
const mapOf = (dataset: EvalDataset, run: ModelRun): LabelMap | null =>
  run.labelMap !== undefined ? run.labelMap : dataset.labelMap;

/** A data label in the model's labels; one its map leaves out stays as it is (and can only count as wrong). */
const goldFor = (gold: string, map: LabelMap | null): string =>
  map && Object.hasOwn(map, gold) ? map[gold]! : gold;

/**
 * A model's label back in the data's labels, so that models with different label names compare: the data labels
 * its map sends there ("a|b" when it merges several), or the model's own label when the map sends none there.
 */
function answerFor(predicted: string, map: LabelMap | null): string {
  if (!map) return predicted;
  const sources = Object.keys(map).filter((from) => map[from] === predicted);
  return sources.length === 0 ? predicted : sources.sort().join('|');
}

export function buildModelReport(
  dataset: EvalDataset,
  run: ModelRun,
  calibrationBins = 10,
  bootstrap: BootstrapOptions = {},
): ModelReport {
  const map = mapOf(dataset, run);
  const predictions: GroupedPrediction[] = [];
  const failures: Record<string, number> = {};
  let failed = 0;
  let answered = 0;
  for (let i = 0; i < dataset.items.length; i++) {
    const item = dataset.items[i]!;
    const outcome = run.outcomes[i];
    if (outcome && 'predicted' in outcome) {
      answered += 1;
      predictions.push({ ...outcome, gold: goldFor(item.gold, map), group: item.group ?? '' });
      continue;
    }
    if (outcome) answered += 1;
    const reason = outcome ? outcome.error : `no result (batch ${run.batchState})`;
    failures[reason] = (failures[reason] ?? 0) + 1;
    failed += 1;
  }
  // The model's own order first, then gold labels it lacks, so that an unmappable label shows as its own row.
  const labels = [...new Set([...run.labels, ...dataset.items.map((item) => goldFor(item.gold, map))])];
  const metrics = classificationMetrics(predictions, labels, { calibrationBins });
  const runSeconds = seconds(run.startTime, run.endTime);
  const wallSeconds = run.reusedBatch ? null : (run.wallSeconds ?? null);
  return {
    model: run.model,
    modelDigest: run.modelDigest,
    labels: run.labels,
    labelMap: map,
    synthetic: run.synthetic ?? null,
    batchId: run.batchId,
    reusedBatch: run.reusedBatch,
    batchState: run.batchState,
    evaluated: predictions.length,
    failed: { count: failed, byReason: failures },
    metrics,
    intervals: metricIntervals(predictions, bootstrap),
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
      wallSeconds,
      wallTextsPerSecond: wallSeconds ? answered / wallSeconds : null,
    },
    latency: latencySummary(run.latencySamplesMs ?? []),
    memory: run.memory ?? null,
  };
}

/** One run as the comparison sees it: answers in the data's labels, gold and predicted in the model's. */
function comparedModel(dataset: EvalDataset, run: ModelRun): ComparedModel {
  const map = mapOf(dataset, run);
  const answers: Array<string | undefined> = [];
  const scored: Array<{ gold: string; predicted: string } | undefined> = [];
  dataset.items.forEach((item, i) => {
    const outcome = run.outcomes[i];
    const answered = outcome && 'predicted' in outcome;
    answers.push(answered ? answerFor(outcome.predicted, map) : undefined);
    scored.push(answered ? { gold: goldFor(item.gold, map), predicted: outcome.predicted } : undefined);
  });
  return { model: run.model, answers, scored };
}

/**
 * The whole report, models in the order given: the object written as report.json and rendered as the others.
 * Intervals are seeded (`bootstrap.seed`, default 1), so the same runs give the same report.
 */
export function buildEvalReport(
  dataset: EvalDataset,
  runs: readonly ModelRun[],
  options: { createdAt?: Date; calibrationBins?: number; bootstrap?: BootstrapOptions } = {},
): EvalReport {
  const { items, ...data } = dataset;
  const calibrationBins = options.calibrationBins ?? 10;
  const bootstrap = {
    resamples: options.bootstrap?.resamples ?? 1000,
    level: options.bootstrap?.level ?? 0.95,
    seed: options.bootstrap?.seed ?? 1,
  };
  // The baselines' label space: the data's labels, and every model's labels translated back into them.
  const dataLabels = [
    ...new Set([
      ...items.map((item) => item.gold),
      ...runs.flatMap((run) => run.labels.map((label) => answerFor(label, mapOf(dataset, run)))),
    ]),
  ];
  return {
    createdAt: (options.createdAt ?? new Date()).toISOString(),
    data: { ...data, submitted: items.length },
    calibrationBins,
    bootstrap,
    models: runs.map((run) => buildModelReport(dataset, run, calibrationBins, bootstrap)),
    baselines: baselineRows(
      items.map((item) => item.gold),
      dataLabels,
    ),
    comparisons: compareModels(
      items,
      runs.map((run) => comparedModel(dataset, run)),
      bootstrap,
    ),
  };
}
