// `pnpm fair-share:report`: fair share between tenants, measured end to end on one saturated worker: a light
// tenant's latency while a heavy one floods the same model, and the throughput split between two flooding tenants of
// different weights. A measurement, not part of `pnpm test` (the file is not *.test.ts): latencies and shares
// measured on shared cores depend on whatever else runs there (on a busy machine C's share came out 0.906 where 1/3
// was expected). Run it on a quiet machine; its checks are the measurement's criteria, printed as TAP. What the
// suite checks instead are the scheduler's decisions: packages/batching/test/fair-share-bounds.test.ts (the policy
// alone) and test/serving/fair-share.test.ts (the batches a worker chose, from its debug records).
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metadata, type ServiceError } from '@grpc/grpc-js';
import type { ClassifyResponse } from '@sieve/api';
import { ApiKeyFormat } from '@sieve/tenancy';
import { SieveCluster } from '@sieve/testing';
// test/package.json does not list @sieve/synth, so the package is imported by path.
import { synthesizeModel } from '@sieve/synth';
import { FloodCallers } from '../fixtures/flood-callers.ts';
import { writeTenantsFile } from '../fixtures/tenants-file.ts';

const MODEL = 'small';

// Every text is 14 single-piece words + [CLS] + [SEP] = 16 tokens, so texts are proportional to padded tokens (the
// worker's fair-share unit) and batches have no padding.
const TOKENS_PER_TEXT = 16;
const WORDS = 'good bad movie food service great terrible love hate staff room price quality nice'.split(' ');
const text = (n: number) => Array.from({ length: 14 }, (_, i) => WORDS[(n + i) % WORDS.length]).join(' ');

// A batch in progress cannot be interrupted, so a light tenant's wait under load is counted in batch times: batches
// are kept short (128 padded tokens = 8 texts, ~5 ms of ONNX Runtime for the small preset), as a latency-minded
// deployment would set them. No wait for company (the worker's default on CPU), so that B's latency alone is not
// padded by a deliberate delay that the ratio below would then hide.
const MAX_BATCH_TOKENS = 128;
const MAX_BATCH_TEXTS = MAX_BATCH_TOKENS / TOKENS_PER_TEXT;
const MAX_WAIT_MS = 0;

// The flooding tenants keep 64 texts (8 batches) in flight each, so their share of the pool never runs dry.
const FLOOD_CALLERS = 8;
const FLOOD_TEXTS_PER_CALL = 8;
// 500 calls, so that p99 is the 495th latency: with 200 it was the second worst, and one scheduling hiccup of the
// shared cores moved the ratio below by 0.5 from run to run.
const LIGHT_CALLS = 500;
/** B's pace: ~17 calls/s, so that A, at what the worker serves it (400-550 texts/s here), sends over 20x. */
const LIGHT_INTERVAL_MS = 60;

/** The server's own timings of a call (ClassifyResponse.timings). */
const PARTS = ['total', 'queue', 'tokenization', 'inference'] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

describe('fair share between tenants on a saturated worker', { timeout: 240_000 }, () => {
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
    const file = writeTenantsFile(dir, [
      { id: 'flood-a', key: keys.a, weight: 1 },
      { id: 'light-b', key: keys.b, weight: 1 },
      { id: 'share-c', key: keys.c, weight: 1 },
      { id: 'share-d', key: keys.d, weight: 2 },
    ]).path;
    cluster = await SieveCluster.start({
      modelDir,
      model: MODEL,
      workerEnv: {
        SIEVE_MAX_BATCH_TOKENS: String(MAX_BATCH_TOKENS),
        SIEVE_MAX_BATCH_TEXTS: String(MAX_BATCH_TEXTS),
        SIEVE_MAX_WAIT_MS: String(MAX_WAIT_MS),
      },
      gatewayEnv: { SIEVE_TENANTS_FILE: file },
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

  /**
   * One-text calls at a steady pace (one every LIGHT_INTERVAL_MS, or right after the previous answer if that is
   * later): a modest tenant whose offered load does not depend on how fast it is served. The latency of each in ms.
   */
  async function lightCalls(key: string, count: number, parts?: Record<string, number[]>): Promise<number[]> {
    const latencies: number[] = [];
    const begun = performance.now();
    for (let i = 0; i < count; i++) {
      const due = begun + i * LIGHT_INTERVAL_MS;
      if (performance.now() < due)
        await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
      const started = performance.now();
      const response = await classify(key, [text(i)]);
      latencies.push(performance.now() - started);
      assert.equal(response.results.length, 1);
      if (parts) {
        for (const name of PARTS) {
          const d = response.timings?.[name];
          (parts[name] ??= []).push(d ? Number(d.seconds) * 1000 + d.nanos / 1e6 : Number.NaN);
        }
      }
    }
    return latencies;
  }

  /**
   * Tenant `key` flooding the gateway from a process of its own: closed-loop callers sending multi-text calls. At nice 19
   * by default, so that the flood does not take the cores B's measurements need; `callers` and `nice` are raised
   * where only the worker's split matters, so that a loaded machine cannot starve a flood's thread and empty its
   * share of the pool (which would measure the load generator, not the scheduler).
   */
  function flood(key: string, options: { callers?: number; nice?: number } = {}): FloodCallers {
    return FloodCallers.start({
      address: cluster.gateways[0]!.address,
      key,
      model: MODEL,
      callers: options.callers ?? FLOOD_CALLERS,
      textsPerCall: FLOOD_TEXTS_PER_CALL,
      texts: Array.from({ length: WORDS.length }, (_, n) => text(n)),
      nice: options.nice ?? 19,
    });
  }

  const countBetween = (completions: number[], from: number, to: number) =>
    completions.filter((time) => time >= from && time < to).length;

  const summary = (parts: Record<string, number[]>) =>
    Object.entries(parts)
      .map(
        ([name, values]) =>
          `${name} ${quantile(values, 0.5).toFixed(1)}/${quantile(values, 0.99).toFixed(1)}`,
      )
      .join(', ');

  /** What the latency scenario measured, for the strict criterion checked after it. */
  let isolation: { aloneP99: number; loadedP99: number } | undefined;

  it("keeps a light tenant out of a flooding tenant's backlog: B's p99 stays within a few batch times of alone", async (t: TestContext) => {
    const aloneParts: Record<string, number[]> = {};
    const alone = await lightCalls(keys.b, LIGHT_CALLS, aloneParts);
    const aloneP99 = quantile(alone, 0.99);

    const a = flood(keys.a);
    let completions: number[] = [];
    let measured: {
      from: number;
      to: number;
      loaded: number[];
      loadedParts: Record<string, number[]>;
      batches: number;
      texts: number;
      urgent: number;
      express: number;
    };
    try {
      await sleep(1000); // A's backlog fills the worker's pool
      const statsBefore = await cluster.workerStats();
      const from = performance.now();
      const loadedParts: Record<string, number[]> = {};
      const loaded = await lightCalls(keys.b, LIGHT_CALLS, loadedParts);
      const to = performance.now();
      const statsAfter = await cluster.workerStats();
      measured = {
        from,
        to,
        loaded,
        loadedParts,
        batches: statsAfter.batches - statsBefore.batches,
        texts: statsAfter.texts - statsBefore.texts,
        urgent: statsAfter.urgentBatches - statsBefore.urgentBatches,
        express: statsAfter.expressBatches - statsBefore.expressBatches,
      };
    } finally {
      completions = await a.stop();
    }
    const { from, to, loaded, loadedParts, batches, texts, urgent, express } = measured;
    const loadedP99 = quantile(loaded, 0.99);
    const floodTexts = countBetween(completions, from, to);
    const floodCallMs = ((to - from) * FLOOD_CALLERS * FLOOD_TEXTS_PER_CALL) / Math.max(1, floodTexts);
    // B's texts run in batches of their own (SIEVE_FAIR_SHARE_ISOLATION): judge saturation on A's batches.
    const textsPerBatch = (texts - LIGHT_CALLS) / Math.max(1, batches - LIGHT_CALLS);
    const batchMs = (to - from) / Math.max(1, batches);
    isolation = { aloneP99, loadedP99 };
    // Where B's slowest calls spent their time: the tail is rarely one part of the server.
    const slowest = loaded
      .map((ms, i) => ({ ms, i }))
      .sort((x, y) => y.ms - x.ms)
      .slice(0, 4)
      .map(
        ({ ms, i }) =>
          `${ms.toFixed(1)} ms (server: ${PARTS.map((n) => `${n} ${loadedParts[n]![i]!.toFixed(1)}`).join(', ')})`,
      );
    t.diagnostic(`B's slowest calls with A flooding: ${slowest.join('; ')}`);
    t.diagnostic(
      `B alone p50/p99 ${quantile(alone, 0.5).toFixed(1)}/${aloneP99.toFixed(1)} ms (server: ${summary(aloneParts)}); ` +
        `B with A flooding p50/p99 ${quantile(loaded, 0.5).toFixed(1)}/${loadedP99.toFixed(1)} ms ` +
        `(server: ${summary(loadedParts)}), ratio ${(loadedP99 / aloneP99).toFixed(2)}; ` +
        `A ${floodTexts} texts = ${(floodTexts / LIGHT_CALLS).toFixed(0)}x B's in ${((to - from) / 1000).toFixed(1)} s ` +
        `(${((floodTexts * 1000) / (to - from)).toFixed(0)} texts/s, ~${floodCallMs.toFixed(0)} ms per call); ` +
        `worker ${batches} batches, ${textsPerBatch.toFixed(1)} texts/batch, ${batchMs.toFixed(1)} ms/batch, ` +
        `${urgent} of them urgent (express lane), ${express} computed by the express session`,
    );
    // The load is as required: A sent at least 20x B's texts, and the worker was saturated (full batches only).
    assert.ok(floodTexts >= 20 * LIGHT_CALLS, `A completed ${floodTexts} texts, < 20x B's ${LIGHT_CALLS}`);
    assert.ok(
      textsPerBatch >= 0.9 * MAX_BATCH_TEXTS,
      `${textsPerBatch.toFixed(1)} texts per batch: not saturated`,
    );
    // B's batches went past the flood's queued one (the worker's express lane), not behind it.
    assert.ok(urgent >= LIGHT_CALLS / 2, `only ${urgent} of B's ${LIGHT_CALLS} calls took the express lane`);
    // ...and most of them computed beside the flood's batch in progress, on the second session.
    assert.ok(
      express >= urgent / 2,
      `only ${express} of ${urgent} urgent batches ran on the express session`,
    );
    // Isolation: B waits a bounded number of batches (the batch in progress, then its own), not behind A's
    // 8 batches of backlog, which A's own calls wait through.
    assert.ok(
      loadedP99 <= aloneP99 + 8 * batchMs,
      `B p99 ${loadedP99.toFixed(1)} ms > alone ${aloneP99.toFixed(1)} ms + 8 batches of ${batchMs.toFixed(1)} ms`,
    );
  });

  // The issue's criterion, on 2 cores shared by the test's clients, the gateway, Redis, the worker and ONNX Runtime.
  // History (bench/NOTES.md has the numbers): 3.5-4x while inference blocked the worker's event loop; ~2.2x with
  // inference on its own thread; ~1.9x (1.6-2.6 over 200 calls) once B's batch went ahead of the flood's queued one,
  // still waiting for the flood's batch in progress, whose time varied threefold on the busy cores (14-45 ms). A
  // second session for the express lane (SIEVE_EXPRESS_SESSION, the default on CPU) computes B's batch beside the
  // one in progress. Over 400-500 calls: B's flooded p50 25-27 ms without it, 19-23 ms with it; the ratio 1.36-1.93 in
  // seven runs with it (1.54 and 1.79 in two without: more calls alone steadied the estimate, the session gave margin).
  it("keeps B's p99 with A flooding within 2x of B's p99 alone", () => {
    assert.ok(isolation, 'the latency scenario did not run');
    assert.ok(
      isolation.loadedP99 <= 2 * isolation.aloneP99,
      `B p99 ${isolation.loadedP99.toFixed(1)} ms > 2 x ${isolation.aloneP99.toFixed(1)} ms alone`,
    );
  });

  it('splits a saturated worker between tenants of weights 1 and 2 within 10% of 1/3 and 2/3', async (t: TestContext) => {
    const c = flood(keys.c, { callers: 2 * FLOOD_CALLERS, nice: 0 });
    const d = flood(keys.d, { callers: 2 * FLOOD_CALLERS, nice: 0 });
    let completionsC: number[] = [];
    let completionsD: number[] = [];
    let window: { from: number; to: number; batches: number; texts: number };
    try {
      await sleep(1500); // both backlogs fill the pool; shares are counted over the next 4 s
      const statsBefore = await cluster.workerStats();
      const from = performance.now();
      await sleep(4000);
      const to = performance.now();
      const statsAfter = await cluster.workerStats();
      window = {
        from,
        to,
        batches: statsAfter.batches - statsBefore.batches,
        texts: statsAfter.texts - statsBefore.texts,
      };
    } finally {
      [completionsC, completionsD] = await Promise.all([c.stop(), d.stop()]);
    }
    const { from, to, batches, texts } = window;
    const textsPerBatch = texts / Math.max(1, batches);
    const textsC = countBetween(completionsC, from, to);
    const textsD = countBetween(completionsD, from, to);
    const shareC = textsC / (textsC + textsD);
    const shareD = textsD / (textsC + textsD);
    t.diagnostic(
      `C (weight 1) ${textsC} texts, share ${shareC.toFixed(3)}; D (weight 2) ${textsD} texts, share ${shareD.toFixed(3)}; ` +
        `${((textsC + textsD) / ((to - from) / 1000)).toFixed(0)} texts/s, ${textsPerBatch.toFixed(1)} texts/batch`,
    );
    assert.ok(
      textsPerBatch >= 0.9 * MAX_BATCH_TEXTS,
      `${textsPerBatch.toFixed(1)} texts per batch: not saturated`,
    );
    assert.ok(Math.abs(shareC - 1 / 3) <= 0.1 / 3, `C's share ${shareC.toFixed(3)}, expected 1/3 within 10%`);
    assert.ok(Math.abs(shareD - 2 / 3) <= 0.2 / 3, `D's share ${shareD.toFixed(3)}, expected 2/3 within 10%`);
  });
});
