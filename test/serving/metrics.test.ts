// Operators see the serving path in Prometheus: requests by code, tenant and model on the gateway; batch sizes,
// padded and real tokens (the padding ratio), inference time and skipped work on the worker.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchClient } from '@sieve/client';
import { freePort, SieveCluster, tinyModelDir } from '@sieve/testing';

const scrape = async (port: number) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
const sample = (body: string, name: string, labels: Record<string, string> = {}): number => {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return body
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => wanted.every((label) => line.includes(label)))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
};

describe('Prometheus metrics', { timeout: 180_000 }, () => {
  let cluster: SieveCluster;
  let gatewayPort: number;
  let workerPort: number;

  before(async () => {
    gatewayPort = await freePort();
    workerPort = await freePort();
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      gatewayEnv: { SIEVE_METRICS_ADDRESS: `127.0.0.1:${gatewayPort}` },
      workerEnv: { SIEVE_METRICS_ADDRESS: `127.0.0.1:${workerPort}` },
    });
  });
  after(() => cluster?.stop());

  it('counts requests by code on the gateway and batches, tokens and inference time on the worker', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        cluster.classify({ model: 'tiny', texts: [`metric text ${i}`, 'second'] }),
      ),
    );
    await cluster.classify({ model: 'tiny', texts: [''] }).catch(() => undefined);

    const gateway = await scrape(gatewayPort);
    assert.equal(
      sample(gateway, 'sieve_requests_total', { code: 'OK', tenant: 'default', model: 'tiny@1' }),
      12,
    );
    assert.equal(sample(gateway, 'sieve_requests_total', { code: 'INVALID_ARGUMENT' }), 1);
    assert.equal(sample(gateway, 'sieve_texts_total', { model: 'tiny@1' }), 24);
    assert.equal(sample(gateway, 'sieve_request_duration_seconds_count', { method: 'Classify' }), 12);
    assert.ok(sample(gateway, 'sieve_tokens_total', { tenant: 'default', model: 'tiny@1' }) >= 24 * 3);
    assert.ok(sample(gateway, 'sieve_inference_seconds_total', { tenant: 'default' }) > 0);
    // Concurrent calls share jobs: every one of the 12 requests is in some job, and there are at most 12 of them.
    assert.equal(sample(gateway, 'sieve_job_requests_sum'), 12);
    const jobs = sample(gateway, 'sieve_job_requests_count');
    assert.ok(jobs >= 1 && jobs <= 12, `jobs ${jobs}`);

    const worker = await scrape(workerPort);
    assert.equal(sample(worker, 'sieve_worker_texts_total', { outcome: 'computed' }), 24);
    const batches = sample(worker, 'sieve_batch_size_count');
    assert.ok(batches > 0 && batches <= 24);
    const real = sample(worker, 'sieve_batch_real_tokens_total');
    const padded = sample(worker, 'sieve_batch_padded_tokens_total');
    assert.ok(real > 0 && padded >= real, `padded ${padded} real ${real}`);
    assert.ok(sample(worker, 'sieve_inference_duration_seconds_count', { provider: 'cpu' }) === batches);
    assert.ok(sample(worker, 'sieve_queue_wait_seconds_count') >= 12);
  });

  it('reports batch-job progress on the worker', async () => {
    const client = new BatchClient(cluster.gateways[0]!.address);
    try {
      const items = Array.from({ length: 600 }, (_, i) => ({ text: `batch metric ${i}` }));
      const { batch } = await client.submit({ model: 'tiny', idempotencyKey: 'metrics' }, items);
      while ((await client.get(batch!.id)).state !== 'BATCH_STATE_SUCCEEDED') {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const worker = await scrape(workerPort);
      const labels = { model: 'tiny@1', tenant: 'default' };
      assert.equal(sample(worker, 'sieve_batch_job_items_total', { ...labels, outcome: 'classified' }), 600);
      assert.equal(sample(worker, 'sieve_batch_jobs_ended_total', { ...labels, state: 'succeeded' }), 1);
      // Queue depth per tenant and kind is sampled every 2 s, and a tenant's batch queue is found by the sample
      // after its first batch: wait for a sample that has both kinds. An idle queue reads 0 waiting.
      const idle = ['interactive', 'batch'].map(
        (kind) =>
          new RegExp(
            `sieve_queue_jobs\\{[^}]*tenant="default"[^}]*kind="${kind}"[^}]*state="waiting"[^}]*\\} 0`,
          ),
      );
      let depth = worker;
      for (let i = 0; i < 100 && !idle.every((pattern) => pattern.test(depth)); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        depth = await scrape(workerPort);
      }
      for (const pattern of idle) assert.match(depth, pattern);
    } finally {
      client.close();
    }
  });
});
