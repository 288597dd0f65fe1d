import {
  classificationMetrics,
  type ClassificationMetrics,
  type ScoredPrediction,
} from './classification-metrics.ts';

export interface GroupedPrediction extends ScoredPrediction {
  group: string;
}

export interface GroupMetrics {
  group: string;
  metrics: ClassificationMetrics;
}

/**
 * Metrics per group (e.g. per language), over the same label set as the whole so that groups compare column for
 * column. `groups` lists every group the data holds: one whose items were all skipped or failed still appears,
 * with a count of 0, rather than silently vanishing from the comparison.
 */
export function groupedMetrics(
  predictions: readonly GroupedPrediction[],
  labels: readonly string[],
  groups: readonly string[] = [],
  options: { calibrationBins?: number } = {},
): GroupMetrics[] {
  const byGroup = new Map<string, GroupedPrediction[]>(groups.map((group) => [group, []]));
  for (const prediction of predictions) {
    let members = byGroup.get(prediction.group);
    if (!members) byGroup.set(prediction.group, (members = []));
    members.push(prediction);
  }
  return [...byGroup.entries()].map(([group, members]) => ({
    group,
    metrics: classificationMetrics(members, labels, options),
  }));
}
