import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildEvalReport } from '../src/index.ts';
import { dataset, run, t0 } from './support/report-fixture.ts';

describe('eval report', () => {
  const report = buildEvalReport(dataset, [run], { createdAt: t0 });
  const model = report.models[0]!;

  it('evaluates the items with a prediction and counts the others as failed, by reason', () => {
    assert.equal(model.evaluated, 4);
    assert.deepEqual(model.failed, {
      count: 2,
      byReason: { 'INVALID_ARGUMENT: text too long': 1, 'no result (batch BATCH_STATE_SUCCEEDED)': 1 },
    });
    assert.equal(model.metrics.count, 4);
    assert.equal(model.metrics.accuracy, 3 / 4);
  });

  it("orders the matrix by the model's labels", () => {
    assert.deepEqual(model.metrics.confusion.labels, ['positive', 'neutral', 'negative']);
    assert.deepEqual(model.metrics.confusion.counts, [
      [1, 0, 0],
      [0, 1, 0],
      [1, 0, 1],
    ]);
  });

  it('breaks down by every group, an all-failed group included with no items', () => {
    assert.deepEqual(
      model.groups!.map((g) => [g.group, g.metrics.count, g.metrics.accuracy]),
      [
        ['de', 2, 1],
        ['en', 2, 0.5],
        ['fr', 0, null],
      ],
    );
  });

  it("takes throughput from the batch's times: answered items over run time", () => {
    assert.deepEqual(model.throughput, {
      createTime: '2026-01-01T00:00:00.000Z',
      startTime: '2026-01-01T00:00:02.000Z',
      endTime: '2026-01-01T00:00:07.000Z',
      queueSeconds: 2,
      runSeconds: 5,
      textsPerSecond: 1, // 4 predictions + 1 item error in 5 s
      wallSeconds: null, // the run measured no wall time of its own
      wallTextsPerSecond: null,
    });
    assert.equal(model.latency?.p50Ms, 3);
  });

  it('leaves throughput unknown for a batch that never started', () => {
    const unstarted = buildEvalReport(dataset, [{ ...run, startTime: null, endTime: null }]).models[0]!;
    assert.equal(unstarted.throughput.runSeconds, null);
    assert.equal(unstarted.throughput.textsPerSecond, null);
  });

  it('keeps gold labels the model lacks as their own rows, and is plain JSON', () => {
    const other = buildEvalReport(
      { ...dataset, items: [{ gold: 'sarcastic', group: 'en' }], groups: ['en'] },
      [{ ...run, outcomes: [{ predicted: 'positive', confidence: 0.5 }] }],
    ).models[0]!;
    assert.deepEqual(other.metrics.confusion.labels, ['positive', 'neutral', 'negative', 'sarcastic']);
    assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
    assert.equal(report.data.submitted, 6);
    assert.ok(!('items' in report.data));
  });
});
