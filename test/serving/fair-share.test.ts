// Fair share between tenants end to end, checked on the worker's decisions: which tenant each batch served and the
// padded tokens it was charged (the worker's `batch chosen` debug records, in the order the batches were chosen).
// A busy machine changes when batches run, not which tenant the scheduler picks while both are backlogged, so the
// split below holds however loaded the cores are. Latencies and throughput shares under a flood are measured by
// `pnpm fair-share:report` (test/serving/fair-share-latency-report.ts), not here.
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Metadata, type ServiceError } from '@grpc/grpc-js';
import { Redis } from 'ioredis';
import type { ClassifyResponse } from '@sieve/api';
import { queueKeys } from '@sieve/queue';
import { SieveCluster, tinyModelDir } from '@sieve/testing';
import { writeTenantsFile } from '../fixtures/tenants-file.ts';

const MODEL = 'tiny';

// Every text is 14 single-piece words + [CLS] + [SEP] = 16 tokens, so batches have no padding and a tenant with 8
// texts pending fills a batch on its own.
const WORDS = 'good bad movie food service great terrible love hate staff room price quality nice'.split(' ');
const text = (n: number) => Array.from({ length: 14 }, (_, i) => WORDS[(n + i) % WORDS.length]).join(' ');
const MAX_BATCH_TOKENS = 128;
const MAX_BATCH_TEXTS = 8;
/**
 * Each tenant's backlog is one call, so it joins the worker's pool at once (a request is one job, tokenized and
 * added whole): from then until its last text, the tenant is pending at every decision.
 */
const BACKLOG_TEXTS = 1536;

const WEIGHTS = { 'share-c': 1, 'share-d': 2 } as const;
type Tenant = keyof typeof WEIGHTS;

/** One `batch chosen` record: padded tokens charged per tenant id. */
type Decision = Record<string, number>;

describe('fair share between tenants, from the batches a worker chose', { timeout: 180_000 }, () => {
  let cluster: SieveCluster;
  let redis: Redis;
  let dir: string;
  let keys: Record<string, string>;
  let modelRef: string;

  before(async () => {
    dir = mkdtempSync(`${tmpdir()}/sieve-fair-share-`);
    const tenants = writeTenantsFile(
      dir,
      Object.entries(WEIGHTS).map(([id, weight]) => ({ id, weight })),
    );
    keys = tenants.keys;
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      model: MODEL,
      workerEnv: {
        SIEVE_MAX_BATCH_TOKENS: String(MAX_BATCH_TOKENS),
        SIEVE_MAX_BATCH_TEXTS: String(MAX_BATCH_TEXTS),
        SIEVE_MAX_WAIT_MS: '0',
        // The decision records.
        SIEVE_LOG_LEVEL: 'debug',
      },
      gatewayEnv: { SIEVE_TENANTS_FILE: tenants.path, SIEVE_MAX_TEXTS_PER_CALL: String(BACKLOG_TEXTS) },
    });
    redis = new Redis(cluster.redis.url);
    // Each tenant's first call creates its queue, which the worker then consumes: answered means consumed.
    const [warm] = await Promise.all(Object.keys(WEIGHTS).map((tenant) => classify(tenant, [text(0)])));
    modelRef = warm!.model; // queues are per served version: `tiny@1`
    // An answer can arrive before the worker's log line of the batch that computed it (its stdout is a pipe of its
    // own): wait for both warm-up texts' decisions, so that none is read after a test's mark and counted there
    // (a CI run counted one warm-up text, 16 tokens, in a backlog's total).
    const charged = () =>
      decisions(0).reduce((sum, decision) => sum + Object.values(decision).reduce((a, b) => a + b, 0), 0);
    while (charged() < 2 * 16) await new Promise((resolve) => setTimeout(resolve, 20));
  });
  after(async () => {
    redis?.disconnect();
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function classify(tenant: string, texts: string[]): Promise<ClassifyResponse> {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${keys[tenant]!}`);
    return new Promise((resolve, reject) =>
      cluster.gateways[0]!.client.Classify(
        { model: MODEL, texts },
        metadata,
        { deadline: Date.now() + 120_000 },
        (error, response) => (error ? reject(error as ServiceError) : resolve(response as ClassifyResponse)),
      ),
    );
  }

  /** Until `tenant` has a job waiting in its queue (the worker is frozen, so nobody takes it). */
  async function queued(tenant: string): Promise<void> {
    // Jobs with a priority (every interactive call has one) wait in BullMQ's `prioritized` set, others in `wait`.
    const queue = `${cluster.prefix}:${queueKeys(cluster.prefix).queueName(modelRef, tenant)}`;
    const waiting = async () =>
      (await redis.llen(`${queue}:wait`)) + (await redis.zcard(`${queue}:prioritized`));
    for (let polls = 0; (await waiting()) === 0; polls++) {
      // A deadline against a hang only: the job is there in milliseconds even on a busy machine.
      if (polls === 1500) {
        throw new Error(`no job waiting in ${queue} after 30 s; keys: ${(await redis.keys('*')).join(', ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The worker's `batch chosen` records from output line `from` on, in the order they were logged. */
  function decisions(from: number): Decision[] {
    return cluster.workers[0]!.output.slice(from).flatMap((line) => {
      if (!line.includes('"batch chosen"')) return [];
      const record = JSON.parse(line) as { msg: string; tenants: Decision };
      return record.msg === 'batch chosen' ? [record.tenants] : [];
    });
  }

  // Why the bound: while both tenants are backlogged, each batch is anchored by the tenant with the smaller padded
  // tokens served per weight and holds only its texts (packages/batching/test/fair-share-bounds.test.ts proves it
  // on the policy alone), so a batch moves only the tenant behind, by at most 128 / its weight. Hence over the
  // batches chosen while both were pending, |served(c)/1 - served(d)/2| <= 128/1 + 128/2 = 192 padded tokens.
  it('serves two backlogged tenants of weights 1 and 2 in the ratio 1:2, batch by batch', async (t: TestContext) => {
    const worker = cluster.workers[0]!;
    const mark = worker.output.length;
    // Both backlogs wait in Redis while the worker is frozen, so they join its pool at nearly the same moment and
    // the stretch during which both are pending is long, however slowly the machine runs the calls.
    worker.signal('SIGSTOP');
    let calls: Promise<ClassifyResponse[]>;
    try {
      calls = Promise.all(
        (Object.keys(WEIGHTS) as Tenant[]).map((tenant) =>
          classify(
            tenant,
            Array.from({ length: BACKLOG_TEXTS }, (_, n) => text(n)),
          ),
        ),
      );
      await Promise.all(Object.keys(WEIGHTS).map((tenant) => queued(tenant)));
    } finally {
      worker.signal('SIGCONT');
    }
    for (const response of await calls) assert.equal(response.results.length, BACKLOG_TEXTS);

    const served = (tenant: Tenant, decision: Decision) => decision[tenant] ?? 0;
    // As in the warm-up: the last answers can arrive before the worker's log lines of the batches that computed them
    // are read from its pipe (a CI run counted 24 texts short). Wait for every text's record, then judge.
    const charged = () =>
      decisions(mark).reduce(
        (sum, decision) => sum + served('share-c', decision) + served('share-d', decision),
        0,
      );
    for (let polls = 0; charged() < 2 * BACKLOG_TEXTS * 16 && polls < 1500; polls++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const chosen = decisions(mark);
    const first = (tenant: Tenant) => chosen.findIndex((decision) => served(tenant, decision) > 0);
    const last = (tenant: Tenant) => chosen.findLastIndex((decision) => served(tenant, decision) > 0);
    const total = (tenant: Tenant) => chosen.reduce((sum, decision) => sum + served(tenant, decision), 0);
    // Every text was chosen once (the warm-up calls were answered before the mark).
    assert.equal(total('share-c'), BACKLOG_TEXTS * 16);
    assert.equal(total('share-d'), BACKLOG_TEXTS * 16);

    // Both tenants are pending at every decision from the later one's first batch (each backlog arrived whole) to
    // the first of their last batches; the last one is left out, where a tenant may run short of a full batch.
    const from = Math.max(first('share-c'), first('share-d'));
    const to = Math.min(last('share-c'), last('share-d'));
    const window = chosen.slice(from, to);
    const c = window.reduce((sum, decision) => sum + served('share-c', decision), 0);
    const d = window.reduce((sum, decision) => sum + served('share-d', decision), 0);
    t.diagnostic(
      `${chosen.length} batches; both backlogged over ${window.length} (from ${from}): c ${c} padded tokens, ` +
        `d ${d}, c's share ${(c / (c + d)).toFixed(3)}`,
    );
    // The stretch is long enough to mean something: D's backlog alone is 192 batches.
    assert.ok(window.length >= 48, `both tenants were backlogged over only ${window.length} batches`);
    const bound = MAX_BATCH_TOKENS / WEIGHTS['share-c'] + MAX_BATCH_TOKENS / WEIGHTS['share-d'];
    assert.ok(
      Math.abs(c / WEIGHTS['share-c'] - d / WEIGHTS['share-d']) <= bound,
      `c ${c}, d ${d} padded tokens while both were backlogged: |c/1 - d/2| > ${bound}`,
    );
  });
});
