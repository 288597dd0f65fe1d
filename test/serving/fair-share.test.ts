// Fair share between tenants, measured end to end on one saturated worker: a light tenant's latency while a heavy
// one floods the same model, and the throughput split between two flooding tenants of different weights.
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metadata, type ServiceError } from '@grpc/grpc-js';
import type { ClassifyResponse } from '@sieve/api';
import { ApiKeyFormat, ApiKeyHasher } from '@sieve/tenancy';
import { SieveCluster } from '@sieve/testing';
// test/package.json does not list @sieve/synth, so the package is imported by path.
import { synthesizeModel } from '../../packages/synth/src/index.ts';

const MODEL = 'small';
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

// Worker settings. A batch in progress cannot be interrupted, so a light tenant's latency under load is about
// its latency alone plus one batch: batches are kept short (256 padded tokens: 16 texts of 16 tokens).
const MAX_BATCH_TOKENS = env('FAIR_SHARE_MAX_BATCH_TOKENS', 256);
const MAX_WAIT_MS = env('FAIR_SHARE_MAX_WAIT_MS', 4);
// Every text is 14 single-piece words + [CLS] + [SEP] = 16 tokens, so texts are proportional to padded tokens.
const WORDS = 'good bad movie food service great terrible love hate staff room price quality nice'.split(' ');
const text = (n: number) => Array.from({ length: 14 }, (_, i) => WORDS[(n + i) % WORDS.length]).join(' ');

// Load. The flooding tenants keep several batches' worth of texts in flight at all times.
const FLOOD_CALLERS = env('FAIR_SHARE_FLOOD_CALLERS', 12);
const FLOOD_TEXTS_PER_CALL = env('FAIR_SHARE_FLOOD_TEXTS', 8);
const LIGHT_CALLS = env('FAIR_SHARE_LIGHT_CALLS', 60);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

describe('fair share between tenants on a saturated worker', { timeout: 150_000 }, () => {
  let cluster: SieveCluster;
  let dir: string;
  const keys = {
    a: ApiKeyFormat.generate().key,
    b: ApiKeyFormat.generate().key,
    c: ApiKeyFormat.generate().key,
    d: ApiKeyFormat.generate().key,
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-fair-share-'));
    const modelDir = join(dir, MODEL);
    await synthesizeModel({ preset: 'small', outDir: modelDir, seed: 7 });
    const file = join(dir, 'tenants.yaml');
    writeFileSync(
      file,
      `tenants:
  - id: flood-a
    weight: 1
    api_keys: [{ hash: "${ApiKeyHasher.hash(keys.a)}" }]
  - id: light-b
    weight: 1
    api_keys: [{ hash: "${ApiKeyHasher.hash(keys.b)}" }]
  - id: share-c
    weight: 1
    api_keys: [{ hash: "${ApiKeyHasher.hash(keys.c)}" }]
  - id: share-d
    weight: 2
    api_keys: [{ hash: "${ApiKeyHasher.hash(keys.d)}" }]
`,
    );
    cluster = await SieveCluster.start({
      modelDir,
      model: MODEL,
      workerEnv: {
        SIEVE_MAX_BATCH_TOKENS: String(MAX_BATCH_TOKENS),
        SIEVE_MAX_BATCH_TEXTS: String(Math.max(1, Math.floor(MAX_BATCH_TOKENS / 16))),
        SIEVE_MAX_WAIT_MS: String(MAX_WAIT_MS),
        SIEVE_LOG_LEVEL: 'warn',
      },
      gatewayEnv: { SIEVE_TENANTS_FILE: file, SIEVE_LOG_LEVEL: 'warn' },
    });
    // Each tenant's first call creates its queue, which the worker discovers within a second: warm every tenant
    // (and ORT's kernels for every batch size) up before measuring.
    await Promise.all(Object.values(keys).map((key) => classify(key, [text(0)])));
    await Promise.all(
      Object.values(keys).flatMap((key) =>
        Array.from({ length: 4 }, (_, i) =>
          classify(
            key,
            Array.from({ length: 8 }, (_, j) => text(i + j)),
          ),
        ),
      ),
    );
  });
  after(async () => {
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function classify(key: string, texts: string[]): Promise<ClassifyResponse> {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${key}`);
    return new Promise((resolve, reject) =>
      cluster.gateways[0]!.client.Classify(
        { model: MODEL, texts },
        metadata,
        { deadline: Date.now() + 30_000 },
        (error, response) => (error ? reject(error as ServiceError) : resolve(response as ClassifyResponse)),
      ),
    );
  }

  /** Serial calls of one text; the latency of each in ms. */
  async function lightCalls(key: string, count: number): Promise<number[]> {
    const latencies: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      const response = await classify(key, [text(i)]);
      latencies.push(performance.now() - started);
      assert.equal(response.results.length, 1);
    }
    return latencies;
  }

  /** Closed-loop callers sending multi-text calls until `stop` says so; each completion timestamped. */
  function flood(key: string, stop: { stopped: boolean }): { done: Promise<void>; completions: number[] } {
    const completions: number[] = [];
    const done = Promise.all(
      Array.from({ length: FLOOD_CALLERS }, async (_, caller) => {
        for (let n = 0; !stop.stopped; n++) {
          const texts = Array.from({ length: FLOOD_TEXTS_PER_CALL }, (_, i) => text(caller + n + i));
          const response = await classify(key, texts);
          assert.equal(response.results.length, texts.length);
          const now = performance.now();
          for (let i = 0; i < texts.length; i++) completions.push(now);
        }
      }),
    ).then(() => undefined);
    return { done, completions };
  }

  const countBetween = (completions: number[], from: number, to: number) =>
    completions.filter((time) => time >= from && time < to).length;

  it("keeps a light tenant's p99 within 2x of its p99 alone while another floods with 20x its load", async (t: TestContext) => {
    const alone = await lightCalls(keys.b, LIGHT_CALLS);
    const aloneP50 = quantile(alone, 0.5);
    const aloneP99 = quantile(alone, 0.99);
    const aloneSeconds = alone.reduce((sum, ms) => sum + ms, 0) / 1000;
    const lightRate = LIGHT_CALLS / aloneSeconds;

    const stop = { stopped: false };
    const a = flood(keys.a, stop);
    try {
      await sleep(1000); // the flood reaches steady state: A's backlog fills the worker's pool
      const statsBefore = await cluster.workerStats();
      const windowStart = performance.now();
      const loaded = await lightCalls(keys.b, LIGHT_CALLS);
      const windowEnd = performance.now();
      const statsAfter = await cluster.workerStats();
      const loadedP50 = quantile(loaded, 0.5);
      const loadedP99 = quantile(loaded, 0.99);
      const seconds = (windowEnd - windowStart) / 1000;
      const floodRate = countBetween(a.completions, windowStart, windowEnd) / seconds;
      const batches = statsAfter.batches - statsBefore.batches;
      t.diagnostic(
        `B alone: p50 ${aloneP50.toFixed(1)} ms, p99 ${aloneP99.toFixed(1)} ms, ${lightRate.toFixed(0)} texts/s; ` +
          `with A flooding: p50 ${loadedP50.toFixed(1)} ms, p99 ${loadedP99.toFixed(1)} ms; ` +
          `A ${floodRate.toFixed(0)} texts/s (${(floodRate / lightRate).toFixed(1)}x B alone); ` +
          `worker ${batches} batches in ${seconds.toFixed(1)} s, ` +
          `${((statsAfter.texts - statsBefore.texts) / Math.max(1, batches)).toFixed(1)} texts/batch, ` +
          `${((seconds * 1000) / Math.max(1, batches)).toFixed(1)} ms/batch`,
      );
      assert.ok(
        loadedP99 <= 2 * aloneP99,
        `B p99 ${loadedP99.toFixed(1)} ms > 2 x ${aloneP99.toFixed(1)} ms`,
      );
      assert.ok(floodRate >= 20 * lightRate, `A ${floodRate.toFixed(0)} texts/s < 20 x B's load`);
    } finally {
      stop.stopped = true;
      await a.done;
    }
  });

  it('splits a saturated worker between tenants of weights 1 and 2 within 10% of 1/3 and 2/3', async (t: TestContext) => {
    const stop = { stopped: false };
    const c = flood(keys.c, stop);
    const d = flood(keys.d, stop);
    try {
      await sleep(1500);
      const from = performance.now();
      await sleep(4000);
      const to = performance.now();
      const textsC = countBetween(c.completions, from, to);
      const textsD = countBetween(d.completions, from, to);
      const shareC = textsC / (textsC + textsD);
      const shareD = textsD / (textsC + textsD);
      t.diagnostic(
        `C (weight 1) ${textsC} texts, share ${shareC.toFixed(3)}; D (weight 2) ${textsD} texts, share ${shareD.toFixed(3)}; ` +
          `${((textsC + textsD) / ((to - from) / 1000)).toFixed(0)} texts/s`,
      );
      assert.ok(
        Math.abs(shareC - 1 / 3) <= 0.1 / 3,
        `C's share ${shareC.toFixed(3)}, expected 1/3 within 10%`,
      );
      assert.ok(
        Math.abs(shareD - 2 / 3) <= 0.2 / 3,
        `D's share ${shareD.toFixed(3)}, expected 2/3 within 10%`,
      );
    } finally {
      stop.stopped = true;
      await Promise.all([c.done, d.done]);
    }
  });
});
