// @sieve/eval — how good a classifier is on labelled data, as pure arithmetic over predictions (no Redis, no gRPC),
// and the report in three forms: JSON for machines, Markdown for a terminal or a pull request, HTML for people.
export {
  classificationMetrics,
  confusionMatrix,
  labelMetrics,
  macroF1,
  type ClassificationMetrics,
  type ConfusionMatrix,
  type LabelMetrics,
  type ScoredPrediction,
} from './classification-metrics.ts';
export {
  calibrationError,
  type Calibration,
  type CalibrationBin,
  type ConfidenceOutcome,
} from './calibration-error.ts';
export { groupedMetrics, type GroupedPrediction, type GroupMetrics } from './grouped-metrics.ts';
export { latencySummary, nearestRankPercentile, type LatencySummary } from './latency-summary.ts';
export { LabelMapError, parseLabelMap, type LabelMap } from './label-map.ts';
export {
  buildEvalReport,
  buildModelReport,
  type EvalDataset,
  type EvalReport,
  type ItemOutcome,
  type ModelReport,
  type MemoryReading,
  type ModelRun,
  type Throughput,
} from './eval-report.ts';
export { baselineRows, type BaselineRow } from './baseline-rows.ts';
export { modelAgreement, type Agreement } from './model-agreement.ts';
export {
  compareModels,
  metricIntervals,
  type ComparedItem,
  type ComparedModel,
  type Difference,
  type DisagreementExample,
  type GroupDisagreement,
  type MetricIntervals,
  type PairComparison,
} from './model-comparison.ts';
export {
  checkAgainstModelCard,
  ModelCardReferenceError,
  parseModelCardReference,
  type ExampleCheck,
  type ModelCardCheck,
  type ModelCardReference,
  type ReferenceExample,
} from './model-card-check.ts';
export { renderMarkdownReport } from './markdown-report.ts';
export { renderHtmlReport } from './html-report.ts';
export {
  bootstrapInterval,
  bootstrapSteps,
  pairedBootstrapDifference,
  type BootstrapOptions,
  type ConfidenceInterval,
} from './bootstrap-interval.ts';
export { SeededRandom } from './seeded-random.ts';
