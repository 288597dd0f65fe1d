import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { LostJobReport, lostJobOf } from '../src/lost-job-report.ts';

describe('lostJobOf', () => {
  it("recognises BullMQ's words for a job this worker no longer holds", () => {
    assert.equal(lostJobOf(new Error('could not renew lock for job 42')), '42');
    assert.equal(lostJobOf(new Error('Missing key for job 7. moveToFinished')), '7');
    assert.equal(lostJobOf(new Error('Missing lock for job 7. moveToFinished')), '7');
    assert.equal(lostJobOf(new Error('Job 9 is not in the active state. moveToFinished')), '9');
    assert.equal(lostJobOf(new Error('Lock mismatch for job 3. Cmd moveToFinished from active')), '3');
  });

  it('leaves every other error alone', () => {
    for (const error of [
      new Error('Connection is closed.'),
      new Error('OOM command not allowed'),
      'text',
      undefined,
    ])
      assert.equal(lostJobOf(error), undefined);
  });
});

describe('LostJobReport', () => {
  it('says it once per queue, with the count, however many errors each job brought', () => {
    const lines: Array<{ queue: string; jobs: number; msg: string }> = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const report = new LostJobReport(log, 60_000);
    for (const id of ['1', '2', '3']) {
      assert.equal(report.note('q', 3000, new Error(`could not renew lock for job ${id}`)), true);
      assert.equal(report.note('q', 3000, new Error(`Missing key for job ${id}. moveToFinished`)), true);
    }
    assert.equal(report.note('q', 3000, new Error('something else')), false);
    report.flush();
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.jobs, 3);
    assert.match(lines[0]!.msg, /lost 3 job\(s\) to another worker/);
    report.flush();
    assert.equal(lines.length, 1, 'nothing new, nothing said');
  });
});
