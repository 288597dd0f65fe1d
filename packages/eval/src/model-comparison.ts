import {
  bootstrapInterval,
  pairedBootstrapDifference,
  type BootstrapOptions,
  type ConfidenceInterval,
} from './bootstrap-interval.ts';
import { CodedPredictions } from './coded-predictions.ts';
import { modelAgreement, type Agreement } from './model-agreement.ts';

/** One model's answers over the dataset's items, aligned with them; undefined where it gave none. */
export interface ComparedModel {
  model: string;
  /** The answer in the data's labels (a model's own label names translated back through its label map). */
  answers: ReadonlyArray<string | undefined>;
  /** Gold and predicted in the model's own labels: what its accuracy and macro-F1 are computed over. */
  scored: ReadonlyArray<{ gold: string; predicted: string } | undefined>;
}

/** What the comparison knows of each item besides the answers. */
export interface ComparedItem {
  /** Gold label in the data's labels. */
  gold: string;
  group?: string;
  line?: number;
  text?: string;
}

export type Difference = ConfidenceInterval & { excludesZero: boolean };

export interface DisagreementExample {
  line: number | null;
  text: string | null;
  gold: string;
  /** The first model's answer and the second's, in the data's labels. */
  answers: [string, string];
}

export interface GroupDisagreement {
  /** The group's name, or "all" without --group-by. */
  group: string;
  items: number;
  disagreed: number;
  examples: DisagreementExample[];
}

export interface PairComparison {
  models: [string, string];
  agreement: Agreement;
  /** First model's statistic minus the second's over paired resamples of the items both answered. */
  accuracyDifference: Difference | null;
  macroF1Difference: Difference | null;
  /** In words, for both renderers: whether either difference is significant at the interval's level. */
  significance: string;
  disagreements: GroupDisagreement[];
}

export interface MetricIntervals {
  accuracy: ConfidenceInterval | null;
  macroF1: ConfidenceInterval | null;
}

/** Percentile-bootstrap intervals of one model's accuracy and macro-F1 over the items it answered. */
export function metricIntervals(
  scored: ComparedModel['scored'],
  options: BootstrapOptions = {},
): MetricIntervals {
  const coded = new CodedPredictions();
  for (const item of scored) if (item) coded.add(item.gold, item.predicted);
  if (coded.size === 0) return { accuracy: null, macroF1: null };
  const positions = coded.positions();
  return {
    accuracy: bootstrapInterval(positions, (sample) => coded.accuracyOf(sample), options),
    macroF1: bootstrapInterval(positions, (sample) => coded.macroF1Of(sample), options),
  };
}

const percent = (level: number) => `${Math.round(level * 100)} %`;
const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(3)}`;

function describe(name: string, [a, b]: [string, string], difference: Difference | null): string {
  if (!difference) return `${name}: no items both answered`;
  const range = `${percent(difference.level)} interval of ${a} − ${b}: ${signed(difference.low)} to ${signed(difference.high)}`;
  if (!difference.excludesZero) return `${name}: no significant difference (${range}, which includes 0)`;
  const better = difference.estimate > 0 ? a : b;
  return `${name}: ${better} is better by ${Math.abs(difference.estimate).toFixed(3)}, significant at ${percent(difference.level)} (${range})`;
}

/**
 * Every pair of models, in the order given: agreement and Cohen's kappa in the data's labels, paired bootstrap
 * differences of accuracy and macro-F1, and up to `examplesPerGroup` disagreements per group, the first ones in
 * file order (the same each run).
 */
export function compareModels(
  items: readonly ComparedItem[],
  models: readonly ComparedModel[],
  options: BootstrapOptions & { examplesPerGroup?: number } = {},
): PairComparison[] {
  const examplesPerGroup = options.examplesPerGroup ?? 3;
  const pairs: PairComparison[] = [];
  for (let i = 0; i < models.length; i++) {
    for (let j = i + 1; j < models.length; j++) {
      pairs.push(comparePair(items, models[i]!, models[j]!, options, examplesPerGroup));
    }
  }
  return pairs;
}

function comparePair(
  items: readonly ComparedItem[],
  a: ComparedModel,
  b: ComparedModel,
  options: BootstrapOptions,
  examplesPerGroup: number,
): PairComparison {
  const names: [string, string] = [a.model, b.model];
  const codedA = new CodedPredictions();
  const codedB = new CodedPredictions();
  const groups = new Map<string, GroupDisagreement>();
  for (let i = 0; i < items.length; i++) {
    const scoredA = a.scored[i];
    const scoredB = b.scored[i];
    const answerA = a.answers[i];
    const answerB = b.answers[i];
    if (!scoredA || !scoredB || answerA === undefined || answerB === undefined) continue;
    codedA.add(scoredA.gold, scoredA.predicted);
    codedB.add(scoredB.gold, scoredB.predicted);
    const item = items[i]!;
    const name = item.group ?? 'all';
    let group = groups.get(name);
    if (!group) {
      group = { group: name, items: 0, disagreed: 0, examples: [] };
      groups.set(name, group);
    }
    group.items += 1;
    if (answerA === answerB) continue;
    group.disagreed += 1;
    if (group.examples.length < examplesPerGroup) {
      group.examples.push({
        line: item.line ?? null,
        text: item.text ?? null,
        gold: item.gold,
        answers: [answerA, answerB],
      });
    }
  }
  const positions = codedA.positions();
  const paired = positions.length > 0;
  const accuracyDifference = paired
    ? pairedBootstrapDifference(
        positions,
        (sample) => codedA.accuracyOf(sample),
        (sample) => codedB.accuracyOf(sample),
        options,
      )
    : null;
  const macroF1Difference = paired
    ? pairedBootstrapDifference(
        positions,
        (sample) => codedA.macroF1Of(sample),
        (sample) => codedB.macroF1Of(sample),
        options,
      )
    : null;
  return {
    models: names,
    agreement: modelAgreement(a.answers, b.answers),
    accuracyDifference,
    macroF1Difference,
    significance: [
      describe('accuracy', names, accuracyDifference),
      describe('macro-F1', names, macroF1Difference),
    ].join('; '),
    disagreements: [...groups.values()].sort((x, y) => x.group.localeCompare(y.group)),
  };
}
