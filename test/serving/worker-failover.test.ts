// Two workers and two gateways share one Redis; a worker killed with SIGKILL mid-load loses nothing: its locked
// jobs are taken over once their lock lapses, and every accepted call is answered exactly once, correctly.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TextClassifier } from '@sieve/runtime';
import { SieveCluster, tinyModelDir } from '@sieve/testing';

describe('worker SIGKILL under load', { timeout: 180_000 }, () => {
  let cluster: SieveCluster;
  let local: TextClassifier;

  before(async () => {
    const modelDir = await tinyModelDir();
    local = await TextClassifier.load(modelDir, { intraOpThreads: 1 });
    cluster = await SieveCluster.start({
      modelDir,
      workers: 2,
      gateways: 2,
      // Take over a dead worker's jobs after ~2 s instead of the production default of ~10 s.
      workerEnv: {
        SIEVE_LOCK_DURATION_MS: '2000',
        SIEVE_STALLED_INTERVAL_MS: '1000',
        SIEVE_MAX_WAIT_MS: '5',
      },
    });
  });
  after(async () => {
    await cluster?.stop();
    await local?.close();
  });

  it('answers every accepted call exactly once with its own result', async () => {
    const results = new Map<string, string>();
    const errors: string[] = [];
    let sent = 0;
    const stopAt = Date.now() + 6000;
    const caller = async (c: number) => {
      for (let n = 0; Date.now() < stopAt; n++) {
        const text = `caller ${c} message ${n} ${'x '.repeat(n % 20)}`;
        sent += 1;
        try {
          const response = await cluster.classify(
            { model: 'tiny', texts: [text] },
            { gateway: c % 2, deadlineMs: 30_000 },
          );
          assert.ok(!results.has(text), `answered twice: ${text}`);
          results.set(text, response.results[0]!.labels[0]!.label);
        } catch (error) {
          errors.push(String(error));
        }
      }
    };
    const load = Promise.all(Array.from({ length: 16 }, (_, c) => caller(c)));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await cluster.workers[0]!.kill('SIGKILL');
    await load;
    assert.deepEqual(errors, []);
    assert.equal(results.size, sent);
    // Spot-check correctness against the in-process runtime.
    const sample = [...results.entries()].filter((_, i) => i % 25 === 0);
    const expected = await local.classify(sample.map(([text]) => text));
    sample.forEach(([text, label], i) => assert.equal(label, expected[i]!.labels[0]!.label, text));
  });
});
