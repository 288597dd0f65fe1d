// Faults under steady load, bounded to about a minute: workers SIGKILLed, a gateway restarted, Redis stopped for
// 10 s with AOF on. Nothing accepted is lost, nothing hangs past its deadline, no answer is someone else's, and the
// batch job that ran through it all has every text's result exactly once. `pnpm reliability:report` runs a longer
// version and writes REPORT.md.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runChaos } from './chaos-run.ts';

describe('chaos under load', { timeout: 300_000 }, () => {
  it('loses nothing, hangs nothing and recovers by itself', async (t) => {
    const report = await runChaos({
      phaseSeconds: 3,
      workerKills: 2,
      redisOutageSeconds: 10,
      callers: 8,
      batchTexts: 20_000,
      log: (line) => t.diagnostic(line),
    });
    t.diagnostic(
      JSON.stringify({ faults: report.faults, errors: report.errorsByCode, outage: report.outage }),
    );
    assert.equal(report.hung, 0, 'no call outlives its deadline');
    assert.equal(report.answered, report.calls, 'every call was answered');
    assert.ok(report.okCalls > 100, `load was held (${report.okCalls} calls succeeded)`);
    assert.equal(report.wrongAnswers, 0, `answers checked: ${report.checkedAnswers}`);
    for (const fault of report.faults) assert.ok(fault.recoveryMs !== undefined, `${fault.fault}: recovered`);

    assert.ok(report.outage.unavailableCalls > 0, 'calls during the Redis outage fail with UNAVAILABLE');
    // Nothing else includes DEADLINE_EXCEEDED: they failed before their deadline (maxFailureMs, in the diagnostic
    // above, says how long that took on this machine).
    assert.deepEqual(report.outage.otherErrors, {}, 'and with nothing else');
    assert.ok(report.outage.healthDuringOutage.length > 0);
    for (const state of report.outage.healthDuringOutage) assert.equal(state, 'NOT_SERVING');
    assert.equal(report.outage.healthAfter, 'SERVING');

    assert.equal(report.batch.state, 'BATCH_STATE_SUCCEEDED');
    assert.equal(report.batch.done, report.batch.total);
    assert.equal(report.batch.results, report.batch.total);
    assert.equal(report.batch.duplicates, 0);
    assert.equal(report.batch.missing, 0);
  });
});
