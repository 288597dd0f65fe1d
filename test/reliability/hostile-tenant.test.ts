// Tenant isolation under hostile load, bounded to about a minute: while tenant A floods with distinct texts and
// fresh request ids, a stranger sends 16 MiB messages without a key, and A opens streams it never reads, against a
// Redis with a small maxmemory and noeviction, tenant B's calls all succeed, Redis stays under its budget, nobody
// reads Redis's own error text, and B keeps being served. `pnpm reliability:report` runs it longer, judges B's tail
// latency against its bound and writes the numbers into REPORT.md.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HOSTILE_ATTACK, runHostileTenant, victimTailBoundMs } from './hostile-tenant-run.ts';

describe('a hostile tenant beside a quiet one', { timeout: 300_000 }, () => {
  it("cannot take B's answers, Redis or the gateway", async (t) => {
    const report = await runHostileTenant({
      baselineSeconds: 4,
      attackSeconds: 15,
      redisMaxMemoryMb: 16,
      victimCallers: 2,
      attacker: HOSTILE_ATTACK,
      log: (line) => t.diagnostic(line),
    });
    const { baseline, underAttack } = report.victim;
    assert.ok(underAttack.calls > 20, `B kept calling (${underAttack.calls} calls)`);
    assert.equal(underAttack.ok, underAttack.calls, `every B call succeeded: ${JSON.stringify(underAttack)}`);
    assert.ok(
      report.redis.peakBytes < report.redis.maxMemoryBytes,
      `Redis stayed under its maxmemory (${report.redis.peakBytes} of ${report.redis.maxMemoryBytes})`,
    );
    assert.deepEqual(report.rawRedisErrors, [], "no caller read Redis's own error text");
    assert.equal(report.healthNotServing, 0, 'the gateway said SERVING throughout');
    const stranger = report.attacker.byAttack['unauthenticated 16 MiB'] ?? {};
    // Refused for its key, never decoded (a decode error or an answer would say otherwise); a few of its sends can
    // run out its own deadline while the 16 MiB are still crossing a loaded machine (REPORT.md counts them).
    assert.ok((stranger.UNAUTHENTICATED ?? 0) > 0, `the stranger was refused: ${JSON.stringify(stranger)}`);
    for (const code of Object.keys(stranger)) {
      assert.ok(['UNAUTHENTICATED', 'DEADLINE_EXCEEDED'].includes(code), `stranger answered ${code}`);
    }
    assert.ok(
      (stranger.DEADLINE_EXCEEDED ?? 0) <= (stranger.UNAUTHENTICATED ?? 0),
      `most of the stranger's sends were refused for the key: ${JSON.stringify(stranger)}`,
    );
    // B's tail against its bound is the report's criterion (`pnpm reliability:report` judges it in REPORT.md), not
    // this test's: latencies on shared cores follow whatever else runs there. Here it is printed; the starvation it
    // guards against (B's median at ~2 s, its calls UNAVAILABLE) already fails the counts above: 2 callers at 2 s a
    // call make at most 15 calls in 15 s, not more than 20, and every one must succeed.
    t.diagnostic(
      `B's p99 ${underAttack.p99Ms} ms under attack, ${baseline.p99Ms} ms alone; ` +
        `the report's bound ${victimTailBoundMs(baseline)} ms`,
    );
  });
});
