// A small dataset and one model's run over it, worked by hand in eval-report.test.ts and rendered in
// report-rendering.test.ts.
import type { EvalDataset, ModelRun } from '../../src/index.ts';

export const dataset: EvalDataset = {
  file: 'data/reviews.jsonl',
  sha256: 'ab'.repeat(32),
  textField: 'text',
  labelField: 'label',
  groupBy: 'lang',
  labelMap: null,
  selection: 'all 6 items',
  read: 6,
  skipped: { count: 0, byLabel: {} },
  items: [
    { gold: 'positive', group: 'en' },
    { gold: 'negative', group: 'en' },
    { gold: 'negative', group: 'de' },
    { gold: 'neutral', group: 'de' },
    { gold: 'positive', group: 'fr' },
    { gold: 'negative', group: 'fr' },
  ],
  groups: ['de', 'en', 'fr'],
};

export const t0 = new Date('2026-01-01T00:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

export const run: ModelRun = {
  model: 'sentiment',
  modelDigest: 'sha256:00',
  labels: ['positive', 'neutral', 'negative'],
  batchId: 'b-1',
  reusedBatch: false,
  batchState: 'BATCH_STATE_SUCCEEDED',
  createTime: t0,
  startTime: at(2),
  endTime: at(7),
  outcomes: [
    { predicted: 'positive', confidence: 0.9 },
    { predicted: 'positive', confidence: 0.7 },
    { predicted: 'negative', confidence: 0.8 },
    { predicted: 'neutral', confidence: 0.6 },
    { error: 'INVALID_ARGUMENT: text too long' },
    undefined,
  ],
  latencySamplesMs: [4, 2, 3],
};
