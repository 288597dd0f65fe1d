// Work whose caller is gone is skipped by the worker, not computed. The worker is frozen (SIGSTOP) so that the
// work sits in the queue while the caller's deadline passes or the caller cancels; thawed, it must skip it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { SieveCluster, tinyModelDir, type WorkerStats } from '@sieve/testing';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a caller that is gone', { timeout: 180_000 }, () => {
  let cluster: SieveCluster;

  before(async () => {
    cluster = await SieveCluster.start({ modelDir: await tinyModelDir() });
  });
  after(() => cluster?.stop());

  /**
   * The workers' counters from their next heartbeat, read again (a few times, a heartbeat each) until `done` holds:
   * the worker counts skipped texts as it takes their jobs, which a busy machine may delay past the later call.
   */
  async function statsWhen(done: (stats: WorkerStats) => boolean): Promise<WorkerStats> {
    let stats = await cluster.workerStatsAfter();
    for (let reads = 1; !done(stats) && reads < 5; reads++) stats = await cluster.workerStatsAfter();
    return stats;
  }

  it('past its deadline gets DEADLINE_EXCEEDED, and the worker skips the work', async () => {
    const before = await cluster.workerStatsAfter();
    cluster.workers[0]!.signal('SIGSTOP');
    try {
      const texts = Array.from({ length: 10 }, (_, i) => `expired text ${i}`);
      const error = await cluster.classify({ model: 'tiny', texts }, { deadlineMs: 300 }).then(
        () => assert.fail('answered'),
        (e: ServiceError) => e,
      );
      assert.equal(error.code, status.DEADLINE_EXCEEDED);
    } finally {
      cluster.workers[0]!.signal('SIGCONT');
    }
    await cluster.classify({ model: 'tiny', texts: ['after thaw'] });
    const afterStats = await statsWhen((stats) => stats.skippedExpired - before.skippedExpired >= 10);
    assert.equal(
      afterStats.skippedExpired - before.skippedExpired,
      10,
      JSON.stringify({ before, afterStats, log: cluster.workers[0]!.output.slice(-5) }),
    );
    assert.equal(afterStats.texts - before.texts, 1, 'only the later text was computed');
  });

  it('that cancels gets CANCELLED, and the worker skips the work', async () => {
    const before = await cluster.workerStatsAfter();
    cluster.workers[0]!.signal('SIGSTOP');
    try {
      const { client } = cluster.gateways[0]!;
      const outcome = new Promise<ServiceError>((resolve) => {
        const call = client.Classify(
          { model: 'tiny', texts: ['cancelled a', 'cancelled b'] },
          new Metadata(),
          { deadline: Date.now() + 20_000 },
          (error) => resolve(error as ServiceError),
        );
        setTimeout(() => call.cancel(), 300);
      });
      assert.equal((await outcome).code, status.CANCELLED);
      await settle(300); // the gateway marks the request cancelled in Redis
    } finally {
      cluster.workers[0]!.signal('SIGCONT');
    }
    await cluster.classify({ model: 'tiny', texts: ['after thaw'] });
    const afterStats = await statsWhen((stats) => stats.skippedCancelled - before.skippedCancelled >= 2);
    assert.equal(afterStats.skippedCancelled - before.skippedCancelled, 2);
    assert.equal(afterStats.texts - before.texts, 1, 'only the later text was computed');
  });
});
