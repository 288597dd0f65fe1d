import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BufferedUsageRecorder, type UsageRecord } from '../src/index.ts';

const time = new Date('2026-11-26T10:05:00Z');

/** A ledger that keeps what it was given and fails while `down` is set. */
function fakeLedger() {
  const written: UsageRecord[][] = [];
  const ledger = {
    down: false,
    written,
    async recordMany(records: readonly UsageRecord[]) {
      if (ledger.down) throw new Error('redis down');
      if (records.length > 0) written.push([...records]);
    },
  };
  return ledger;
}

/** For recorders whose writes must all succeed. */
const noErrors = (error: unknown) => assert.fail(String(error));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('BufferedUsageRecorder', () => {
  it('writes one summed record per tenant and model per flush instead of one per call', async () => {
    const ledger = fakeLedger();
    const recorder = new BufferedUsageRecorder({ ledger, flushMs: 20, onError: noErrors });
    for (let i = 0; i < 50; i++)
      recorder.record({ tenantId: 'acme', model: 'm@1', requests: 1, texts: 2, time });
    assert.equal(ledger.written.length, 0, 'nothing is written on the answer path');
    await sleep(60);
    assert.equal(ledger.written.length, 1);
    assert.deepEqual(ledger.written[0], [
      { tenantId: 'acme', model: 'm@1', requests: 50, texts: 100, time: new Date('2026-11-26T10:00:00Z') },
    ]);
    await recorder.close();
    assert.equal(ledger.written.length, 1, 'nothing left to write');
  });

  it('keeps the sums of a failed write and writes them with the next flush; close writes what is left', async () => {
    const ledger = fakeLedger();
    const errors: unknown[] = [];
    const recorder = new BufferedUsageRecorder({ ledger, flushMs: 60_000, onError: (e) => errors.push(e) });
    recorder.record({ tenantId: 'acme', model: 'm@1', requests: 1, time });
    ledger.down = true;
    await assert.rejects(recorder.flush(), /redis down/);
    recorder.record({ tenantId: 'acme', model: 'm@1', requests: 2, time });
    ledger.down = false;
    await recorder.close();
    assert.deepEqual(ledger.written, [
      [{ tenantId: 'acme', model: 'm@1', requests: 3, time: new Date('2026-11-26T10:00:00Z') }],
    ]);
    assert.deepEqual(errors, []);
  });

  it('reports a failed background write and keeps its sums', async () => {
    const ledger = fakeLedger();
    ledger.down = true;
    const errors: unknown[] = [];
    const recorder = new BufferedUsageRecorder({ ledger, flushMs: 10, onError: (e) => errors.push(e) });
    recorder.record({ tenantId: 'acme', model: 'm@1', texts: 4, time });
    await sleep(40);
    assert.ok(errors.length >= 1);
    assert.match(String(errors[0]), /redis down/);
    ledger.down = false;
    await recorder.close();
    assert.deepEqual(ledger.written.at(-1), [
      { tenantId: 'acme', model: 'm@1', texts: 4, time: new Date('2026-11-26T10:00:00Z') },
    ]);
  });

  it('with flushMs 0 writes every record at once', async () => {
    const ledger = fakeLedger();
    const recorder = new BufferedUsageRecorder({ ledger, flushMs: 0, onError: noErrors });
    recorder.record({ tenantId: 'acme', model: 'm@1', requests: 1, time });
    recorder.record({ tenantId: 'acme', model: 'm@1', requests: 1, time });
    await recorder.close();
    const total = ledger.written.flat().reduce((sum, r) => sum + (r.requests ?? 0), 0);
    assert.equal(total, 2);
    assert.ok(ledger.written.length >= 1);
  });
});
