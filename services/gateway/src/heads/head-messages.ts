import type { ClassWeighting as ClassWeightingName, HeadInit, HeadState as HeadStateName } from '@sieve/api';
import {
  headModelName,
  type ClassWeighting,
  type HeadMetrics,
  type HeadRecord,
  type HeadState,
} from '@sieve/heads';

const STATE_NAMES: Record<HeadState, HeadStateName> = {
  training: 'HEAD_STATE_TRAINING',
  ready: 'HEAD_STATE_READY',
  failed: 'HEAD_STATE_FAILED',
};

const WEIGHTING_NAMES: Record<ClassWeighting, ClassWeightingName> = {
  'sqrt-inverse': 'CLASS_WEIGHTING_SQRT_INVERSE',
  inverse: 'CLASS_WEIGHTING_INVERSE',
  none: 'CLASS_WEIGHTING_NONE',
};

const timestamp = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });

/** Heads trained before duplicates were collapsed have no report: their counts stay unset (0). */
function deduplicationFields(metrics: HeadMetrics) {
  const report = metrics.deduplication;
  return report
    ? {
        receivedCount: report.received,
        duplicateCount: report.duplicates,
        exactDuplicateCount: report.exactDuplicates,
        conflictCount: report.conflicts,
        conflictDroppedCount: report.conflictsDropped,
      }
    : {};
}

const intervalMessage = (interval: HeadMetrics['holdout']['accuracyInterval']) =>
  interval
    ? { low: interval.low, high: interval.high, level: interval.level, resamples: interval.resamples }
    : null;

/** The stored head version as the API's Head. */
export function headMessage(record: HeadRecord): HeadInit {
  const metrics = record.metrics;
  return {
    model: headModelName(record.baseModel, record.name, record.version),
    name: record.name,
    version: record.version,
    baseModel: record.baseModel,
    baseVersion: record.baseVersion,
    baseDigest: record.baseDigest,
    labels: record.labels,
    state: STATE_NAMES[record.state],
    stateReason: record.stateReason,
    metrics: metrics
      ? {
          exampleCount: metrics.examples,
          trainCount: metrics.trainCount,
          validationCount: metrics.validationCount,
          holdoutCount: metrics.holdoutCount,
          holdoutAccuracy: metrics.holdout.accuracy,
          holdoutMacroF1: metrics.holdout.macroF1,
          baselineLabel: metrics.baseline.label,
          baselineAccuracy: metrics.baseline.accuracy,
          baselineMacroF1: metrics.baseline.macroF1,
          epochs: metrics.epochs,
          bestEpoch: metrics.bestEpoch,
          labels: metrics.holdout.perLabel.map((label) => ({
            label: label.label,
            precision: label.precision,
            recall: label.recall,
            f1: label.f1,
            support: label.support,
          })),
          kind: metrics.kind,
          ...deduplicationFields(metrics),
          holdoutAccuracyInterval: intervalMessage(metrics.holdout.accuracyInterval),
          holdoutMacroF1Interval: intervalMessage(metrics.holdout.macroF1Interval),
        }
      : null,
    createTime: timestamp(record.createdAt),
    updateTime: timestamp(record.updatedAt),
    exampleCount: record.examples,
    idempotencyKey: record.idempotencyKey,
    hiddenUnits: record.hiddenUnits,
    holdoutFraction: record.holdoutFraction,
    classWeighting: WEIGHTING_NAMES[record.classWeighting],
  };
}
