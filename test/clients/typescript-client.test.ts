// @sieve/client against a running cluster: classify and classifyStream (backpressure), models, retries observed
// against a tenant refused with RetryInfo and against a gateway restarted mid-call, deadlines, and calls spread
// over two gateways.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { SieveClient, SieveClientError, type RetryEvent } from '@sieve/client';
import { ApiKeyFormat, ApiKeyHasher } from '@sieve/tenancy';
import { freePort, SieveCluster, tinyModelDir } from '@sieve/testing';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('@sieve/client (TypeScript)', { timeout: 240_000 }, () => {
  let cluster: SieveCluster;
  let dir: string;
  const metricsPorts: number[] = [];
  let gatewayEnv: Record<string, string>;
  const open = ApiKeyFormat.generate().key;
  const tight = ApiKeyFormat.generate().key;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-ts-client-'));
    const tenants = join(dir, 'tenants.yaml');
    writeFileSync(
      tenants,
      `tenants:
  - id: open
    api_keys: [{ hash: "${ApiKeyHasher.hash(open)}" }]
  - id: tight
    limits: { requests_per_second: 1 }
    api_keys: [{ hash: "${ApiKeyHasher.hash(tight)}" }]
`,
    );
    gatewayEnv = { SIEVE_TENANTS_FILE: tenants };
    cluster = await SieveCluster.start({ modelDir: await tinyModelDir(), gateways: 0 });
    for (let i = 0; i < 2; i++) {
      metricsPorts.push(await freePort());
      const gateway = await cluster.addGateway({
        ...gatewayEnv,
        SIEVE_METRICS_ADDRESS: `127.0.0.1:${metricsPorts[i]}`,
      });
      addresses.push(gateway.address);
    }
    // A gateway serves a model once it has seen a worker announce it.
    const probe = new SieveClient(addresses, { apiKey: open, retry: false });
    try {
      for (let i = 0; i < 2 * 60; i++) {
        const served = await Promise.all([probe.listModels(), probe.listModels()]);
        if (served.every((models) => models.some((model) => model.name === 'tiny'))) break;
        await settle(250);
      }
    } finally {
      probe.close();
    }
  });
  after(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** As started: a restarted gateway keeps its address (the fixture's entry names the port it first picked). */
  const addresses: string[] = [];
  const address = (gateway: number) => addresses[gateway]!;

  it('classifies texts and whole requests with typed results, and lists models', async () => {
    const client = new SieveClient(address(0), { apiKey: open, model: 'tiny' });
    try {
      const response = await client.classify(['good movie', 'bad movie']);
      assert.equal(response.results.length, 2);
      assert.ok(response.results[0]!.labels[0]!.label.length > 0);
      assert.match(response.requestId, /^[0-9a-f-]{36}$/, 'a request id is added so that retries are safe');
      const own = await client.classify({ model: 'tiny', texts: ['fine'], requestId: 'mine-1' });
      assert.equal(own.requestId, 'mine-1');
      const models = await client.listModels();
      assert.ok(models.some((model) => model.name === 'tiny'));
      assert.equal((await client.getModel('tiny')).name, 'tiny');
      const missing = await client.getModel('no-such-model').catch((error: unknown) => error);
      assert.ok(missing instanceof SieveClientError);
      assert.equal(missing.code, status.NOT_FOUND);
      assert.equal(missing.attempts, 1);
    } finally {
      client.close();
    }
  });

  it('runs a batch job through client.batches: submit, then results in input order', async () => {
    const client = new SieveClient([address(0), address(1)], { apiKey: open, model: 'tiny' });
    try {
      const items = Array.from({ length: 30 }, (_, i) => ({ id: `item-${i}`, text: `batch text ${i}` }));
      const { batch } = await client.batches.submit({ model: 'tiny', idempotencyKey: 'ts-client' }, items);
      const ids: string[] = [];
      for await (const result of client.batches.results(batch!.id, { follow: true })) ids.push(result.id);
      assert.deepEqual(
        ids,
        items.map((item) => item.id),
      );
    } finally {
      client.close();
    }
  });

  it('streams requests with never more than maxInFlight unanswered or unread', async () => {
    const client = new SieveClient(address(0), { apiKey: open, model: 'tiny' });
    const total = 120;
    const maxInFlight = 6;
    let pulled = 0;
    let read = 0;
    let widest = 0;
    async function* requests() {
      for (let i = 0; i < total; i++) {
        pulled += 1;
        widest = Math.max(widest, pulled - read);
        yield [`stream text ${i}`];
      }
    }
    try {
      const seen = new Set<number>();
      for await (const result of client.classifyStream(requests(), { maxInFlight })) {
        assert.ok(result.response, result.error?.message);
        assert.equal(result.response.results.length, 1);
        seen.add(result.index);
        read += 1;
      }
      assert.equal(seen.size, total);
      // One more than the window: the writer takes the next request, then waits for room to send it.
      assert.ok(widest <= maxInFlight + 1, `${widest} requests pulled ahead of the reader`);
    } finally {
      client.close();
    }
  });

  it('retries RESOURCE_EXHAUSTED after the RetryInfo delay, in calls and in streams', async () => {
    const retries: RetryEvent[] = [];
    const client = new SieveClient(address(0), {
      apiKey: tight,
      model: 'tiny',
      retry: { maxAttempts: 10 },
      onRetry: (event) => retries.push(event),
    });
    const noRetry = new SieveClient(address(0), { apiKey: tight, model: 'tiny', retry: false });
    try {
      const answers = await Promise.all([0, 1, 2].map((i) => client.classify([`limited ${i}`])));
      assert.equal(answers.length, 3);
      const exhausted = retries.filter((event) => event.code === status.RESOURCE_EXHAUSTED);
      assert.ok(exhausted.length >= 2, `retries: ${JSON.stringify(retries)}`);
      const refused = await noRetry.classify(['once']).catch((error: unknown) => error);
      assert.ok(refused instanceof SieveClientError);
      assert.equal(refused.code, status.RESOURCE_EXHAUSTED);
      assert.ok((refused.retryDelayMs ?? 0) > 0);
      assert.ok(exhausted.every((event) => event.delayMs >= 0.5 * (refused.retryDelayMs ?? 0)));

      retries.length = 0;
      const results = [];
      for await (const result of client.classifyStream([['s1'], ['s2'], ['s3']])) results.push(result);
      assert.deepEqual(
        results.map((result) => result.error?.message),
        [undefined, undefined, undefined],
      );
      assert.ok(retries.some((event) => event.code === status.RESOURCE_EXHAUSTED));
    } finally {
      client.close();
      noRetry.close();
    }
  });

  it('never retries past the deadline: a refusal whose RetryInfo is longer than the deadline is returned', async () => {
    const retries: RetryEvent[] = [];
    const client = new SieveClient(address(0), {
      apiKey: tight,
      model: 'tiny',
      onRetry: (event) => retries.push(event),
    });
    try {
      await settle(1100); // a fresh second of quota
      await client.classify(['takes the quota']);
      const refused = await client.classify(['refused'], { deadlineMs: 50 }).catch((error: unknown) => error);
      assert.ok(refused instanceof SieveClientError, String(refused));
      assert.equal(refused.code, status.RESOURCE_EXHAUSTED);
      assert.equal(refused.attempts, 1);
      assert.equal(retries.length, 0);
    } finally {
      client.close();
    }
  });

  /** Texts each gateway has counted (sieve_texts_total, all labels). */
  const textsServed = () =>
    Promise.all(
      metricsPorts.map(async (port) => {
        const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        return body
          .split('\n')
          .filter((line) => line.startsWith('sieve_texts_total'))
          .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
      }),
    );

  const spread = async (addresses: string | string[]) => {
    const before = await textsServed();
    const client = new SieveClient(addresses, { apiKey: open, model: 'tiny' });
    try {
      for (let i = 0; i < 10; i++) await client.classify([`spread ${i}`]);
    } finally {
      client.close();
    }
    return (await textsServed()).map((n, i) => n - before[i]!);
  };

  it('calls through a dns: name with round robin over what it resolves to', async () => {
    // localhost may resolve to ::1 as well, where nothing listens: round robin uses the address that answers.
    const port = address(0).split(':').at(-1);
    const client = new SieveClient(`dns:localhost:${port}`, { apiKey: open, model: 'tiny' });
    try {
      for (let i = 0; i < 3; i++) assert.equal((await client.classify([`by name ${i}`])).results.length, 1);
    } finally {
      client.close();
    }
  });

  it('spreads calls over two gateways, one after the other', async () => {
    assert.deepEqual(await spread([address(0), address(1)]), [5, 5]);
  });

  it('balances round robin over a static ipv4: list, as over the addresses of a dns: name', async () => {
    // grpc-js connects to both before round robin settles; the first calls may all go to the first one ready.
    const gained = await spread(`ipv4:${address(0)},${address(1)}`);
    assert.equal(gained[0]! + gained[1]!, 10);
    assert.ok(
      gained.every((n) => n >= 3),
      `texts per gateway: ${gained}`,
    );
  });

  it('times out at the deadline while the cluster cannot answer', async () => {
    const client = new SieveClient(address(0), { apiKey: open, model: 'tiny', deadlineMs: 300 });
    cluster.workers[0]!.signal('SIGSTOP');
    try {
      const error = await client.classify(['stuck']).catch((thrown: unknown) => thrown);
      assert.ok(error instanceof SieveClientError);
      assert.equal(error.code, status.DEADLINE_EXCEEDED);
    } finally {
      cluster.workers[0]!.signal('SIGCONT');
      client.close();
    }
  });

  /** SIGKILLs gateway 1 and starts another on its address. */
  const restartGateway = async () => {
    const target = address(1);
    const [old] = cluster.gateways.splice(1, 1);
    old!.client.close();
    await old!.process.kill('SIGKILL');
    await cluster.addGateway({
      ...gatewayEnv,
      SIEVE_GRPC_ADDRESS: target,
      SIEVE_METRICS_ADDRESS: `127.0.0.1:${metricsPorts[1]}`,
    });
  };

  it('stops a call, and no retry follows, when the caller aborts', async () => {
    const retries: RetryEvent[] = [];
    const client = new SieveClient(address(0), {
      apiKey: open,
      model: 'tiny',
      onRetry: (e) => retries.push(e),
    });
    const controller = new AbortController();
    cluster.workers[0]!.signal('SIGSTOP');
    try {
      const call = client.classify(['abandoned'], { signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      const error = await call.catch((thrown: unknown) => thrown);
      assert.ok(error instanceof SieveClientError);
      assert.equal(error.code, status.CANCELLED);
      assert.equal(retries.length, 0);
    } finally {
      cluster.workers[0]!.signal('SIGCONT');
      client.close();
    }
  });

  it('retries a call whose gateway was restarted mid-call and gets its answer', async () => {
    const retries: RetryEvent[] = [];
    const target = address(1);
    const client = new SieveClient(target, {
      apiKey: open,
      model: 'tiny',
      deadlineMs: 90_000,
      retry: { maxAttempts: 40, initialBackoffMs: 200, maxBackoffMs: 2000, budgetMinimum: 50 },
      onRetry: (event) => retries.push(event),
    });
    cluster.workers[0]!.signal('SIGSTOP'); // the call waits in the queue while its gateway dies
    try {
      const answer = client.classify(['survives a restart'], { deadlineMs: 90_000 });
      await settle(500);
      await restartGateway();
      cluster.workers[0]!.signal('SIGCONT');
      const response = await answer;
      assert.equal(response.results.length, 1);
      assert.ok(retries.length >= 1 && retries.every((event) => event.code === status.UNAVAILABLE));
    } finally {
      cluster.workers[0]!.signal('SIGCONT');
      client.close();
    }
  });

  it('reopens a stream whose gateway was restarted, resending only what had no answer', async () => {
    const retries: RetryEvent[] = [];
    const client = new SieveClient(address(1), {
      apiKey: open,
      model: 'tiny',
      retry: { maxAttempts: 40, initialBackoffMs: 200, maxBackoffMs: 2000, budgetMinimum: 50 },
      onRetry: (event) => retries.push(event),
    });
    const total = 40;
    const indices: number[] = [];
    try {
      const requests = Array.from({ length: total }, (_, i) => [`restarted stream ${i}`]);
      for await (const result of client.classifyStream(requests, { maxInFlight: 8 })) {
        assert.ok(result.response, result.error?.message);
        indices.push(result.index);
        if (indices.length === 10) {
          cluster.workers[0]!.signal('SIGSTOP'); // what is in flight now stays unanswered while the gateway dies
          await settle(300);
          await restartGateway();
          cluster.workers[0]!.signal('SIGCONT');
        }
      }
    } finally {
      cluster.workers[0]!.signal('SIGCONT');
      client.close();
    }
    assert.deepEqual(
      [...indices].sort((a, b) => a - b),
      Array.from({ length: total }, (_, i) => i),
    );
    assert.ok(
      retries.some((event) => event.code === status.UNAVAILABLE),
      JSON.stringify(retries),
    );
  });
});
