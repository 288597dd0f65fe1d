// SIGTERM (a rolling update, a scale-down) stops a worker taking work, lets it finish the batch in hand and exit 0;
// no call is lost and none fails.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { statusDetailsOf } from '@sieve/api';
import { SieveCluster, tinyModelDir } from '@sieve/testing';

describe('worker SIGTERM under load', { timeout: 180_000 }, () => {
  let cluster: SieveCluster;

  before(async () => {
    cluster = await SieveCluster.start({ modelDir: await tinyModelDir(), workers: 2 });
  });
  after(() => cluster?.stop());

  it('finishes what it holds, exits 0, and every call is answered', async () => {
    let answered = 0;
    const failures: string[] = [];
    const stopAt = Date.now() + 3000;
    const caller = async (c: number) => {
      for (let n = 0; Date.now() < stopAt; n++) {
        try {
          await cluster.classify({ model: 'tiny', texts: [`caller ${c} text ${n}`, `second ${n}`] });
          answered += 1;
        } catch (error) {
          failures.push(String(error));
        }
      }
    };
    const load = Promise.all(Array.from({ length: 12 }, (_, c) => caller(c)));
    await new Promise((resolve) => setTimeout(resolve, 800));
    const exitCode = await cluster.workers[0]!.kill('SIGTERM');
    await load;
    assert.equal(exitCode, 0, cluster.workers[0]!.output.slice(-5).join('\n'));
    assert.deepEqual(failures, []);
    assert.ok(answered > 20);
    assert.ok(cluster.workers[0]!.output.some((line) => line.includes('stopping: finishing work in hand')));
  });

  it('answers UNAVAILABLE (retry), not NOT_FOUND, while a model that was just served has no worker', async () => {
    await cluster.workers[1]!.kill('SIGTERM');
    const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    let error: (Error & { code?: number }) | undefined;
    // The gateway notices within one registry refresh that no worker is left.
    for (let i = 0; i < 100; i++) {
      error = await cluster.classify({ model: 'tiny', texts: ['anyone?'] }, { deadlineMs: 2000 }).then(
        () => undefined,
        (e: Error & { code?: number }) => e,
      );
      if (error?.code === status.UNAVAILABLE) break;
      await settle(100);
    }
    assert.equal(error?.code, status.UNAVAILABLE);
    const details = statusDetailsOf(error as never);
    assert.equal(details.errorInfo?.reason, 'MODEL_NOT_SERVING');
    assert.ok(details.retryDelayMs !== undefined);
    const unknown = await cluster
      .classify({ model: 'never-served', texts: ['x'] })
      .catch((e: { code: number }) => e);
    assert.equal((unknown as { code: number }).code, status.NOT_FOUND);
  });
});
