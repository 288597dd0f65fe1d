import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markdownReport, type BenchReport } from '../bench-report.ts';
import { cpuBreakdown, servingOverhead } from '../cpu-breakdown.ts';
import {
  baselineOf,
  issue30Targets,
  type Issue30Measurements,
  type Issue30Row,
} from '../issue-30-targets.ts';
import type { PhaseResult } from '../phase-measurement.ts';
import { lengthBuckets } from '../text-length-buckets.ts';
import { measureTokenization } from '../tokenization-cost.ts';

const latency = (p50: number, p99 = p50 * 2) => ({ p50, p95: p99, p99, mean: p50, max: p99 });

function phase(label: string, fields: Partial<PhaseResult> = {}): PhaseResult {
  const texts = fields.texts ?? 800;
  return {
    label,
    mode: 'stream',
    loop: 'closed',
    concurrency: 32,
    textsPerCall: 1,
    calls: texts,
    texts,
    errors: {},
    seconds: 10,
    callsPerSecond: 80,
    textsPerSecond: 80,
    tokensPerSecond: 3500,
    latencyMs: latency(400),
    cachedTexts: 0,
    processes: {},
    cpuSecondsPer1kTexts: 0,
    serverCpuSecondsPer1kTexts: 0,
    ...fields,
  };
}

const ceiling = (textsPerSecond: number, sessions = 2) => ({
  best: {
    sessions,
    batchSize: 4,
    seconds: 5,
    textsPerSecond,
    tokensPerSecond: 0,
    paddingRatio: 1,
    cpuSecondsPer1kTexts: 0,
  },
  singleTextLatencyMs: latency(21.8),
  singleTextLatencyWorkerSessionMs: latency(13.88),
  runs: [],
});

/** Shaped like bench/results/bench.json of commit 68bf1d1: the figures issue 30 quotes. */
function storedReport(): Issue30Measurements {
  return {
    quick: false,
    machine: { commit: '68bf1d1', date: '2026-11-27T11:51:21.120Z' },
    dtypes: {
      fp32: {
        modelFileMb: 516,
        ceiling: ceiling(81.54),
        sieve: {
          phases: [
            phase('open 80% of naive max', { loop: 'open', latencyMs: latency(57.6, 355.9) }),
            phase('low load (1 caller)', { concurrency: 1, latencyMs: latency(18.95) }),
          ],
          peakRssMb: { 'worker-1': 563 },
        },
      },
      int8: {
        modelFileMb: 130,
        ceiling: { ...ceiling(236.78), singleTextLatencyWorkerSessionMs: latency(7.4) },
        sieve: {
          phases: [
            phase('open 80% of naive max', { loop: 'open', latencyMs: latency(22.9, 130.4) }),
            phase('low load (1 caller)', { concurrency: 1, latencyMs: latency(11.3) }),
          ],
          peakRssMb: { 'worker-1': 564 },
        },
      },
    },
    fabric: {
      phases: [
        phase('stream, 8 texts per call', {
          textsPerCall: 8,
          calls: 10_000,
          texts: 80_000,
          processes: {
            gateway: { cpuSeconds: 3.25, peakRssMb: 189 },
            redis: { cpuSeconds: 0.99, peakRssMb: 17 },
            'worker-1': { cpuSeconds: 13.38, peakRssMb: 240 },
            'load-generator': { cpuSeconds: 1.52, peakRssMb: 233 },
          },
        }),
      ],
      peakRssMb: {},
      streamMemory: {
        streams: 1000,
        answered: 2000,
        gatewayRssBeforeMb: 113,
        gatewayRssWithStreamsMb: 147,
        gatewayPeakRssMb: 147,
      },
    },
  };
}

const byName = (rows: Issue30Row[], name: string) => {
  const found = rows.find((r) => r.name === name);
  assert.ok(found, `no row "${name}" in ${rows.map((r) => r.name).join('; ')}`);
  return found;
};

describe('cpuBreakdown', () => {
  it('divides each process by the texts and the calls answered and sums the contender apart from the load generator', () => {
    const cost = cpuBreakdown(
      {
        'load-generator': { cpuSeconds: 1.6, peakRssMb: 1 },
        'worker-1': { cpuSeconds: 0.8, peakRssMb: 1 },
        gateway: { cpuSeconds: 0.4, peakRssMb: 1 },
      },
      { texts: 8000, textsPerCall: 8 },
    );
    assert.deepEqual(Object.keys(cost), ['gateway', 'worker-1', 'load-generator', 'server']);
    assert.deepEqual(cost.gateway, { perTextUs: 50, perCallUs: 400 });
    assert.deepEqual(cost.server, { perTextUs: 150, perCallUs: 1200 });
    assert.deepEqual(cost['load-generator'], { perTextUs: 200, perCallUs: 1600 });
  });

  it("gives a process's event loop apart where its main thread was read", () => {
    const cost = cpuBreakdown(
      {
        'worker-1': { cpuSeconds: 8, mainThreadCpuSeconds: 0.5, peakRssMb: 1 },
        gateway: { cpuSeconds: 0.4, peakRssMb: 1 },
      },
      { texts: 1000, textsPerCall: 1 },
    );
    assert.deepEqual(cost['worker-1'], {
      perTextUs: 8000,
      perCallUs: 8000,
      eventLoop: { perTextUs: 500, perCallUs: 500 },
    });
    assert.equal(cost.gateway!.eventLoop, undefined);
    assert.equal(cost.server!.eventLoop, undefined);
  });

  it('says nothing for a phase that answered nothing', () => {
    assert.deepEqual(
      cpuBreakdown({ gateway: { cpuSeconds: 1, peakRssMb: 1 } }, { texts: 0, textsPerCall: 1 }),
      {},
    );
  });
});

describe('servingOverhead', () => {
  const cost = cpuBreakdown(
    {
      'load-generator': { cpuSeconds: 0.3, mainThreadCpuSeconds: 0.3, peakRssMb: 1 },
      redis: { cpuSeconds: 0.25, peakRssMb: 1 },
      'worker-1': { cpuSeconds: 8, mainThreadCpuSeconds: 0.5, peakRssMb: 1 },
      gateway: { cpuSeconds: 0.45, mainThreadCpuSeconds: 0.4, peakRssMb: 1 },
    },
    { texts: 1000, textsPerCall: 1 },
  );

  it("counts every process but the workers, whose event loop alone counts, against all of the phase's CPU", () => {
    assert.deepEqual(servingOverhead(cost), {
      perTextUs: 1500,
      ofTotalUs: 9000,
      parts: [
        ['gateway', 450],
        ['worker-1 event loop', 500],
        ['redis', 250],
        ['load-generator', 300],
      ],
    });
  });

  it("says nothing where a worker's event loop was not read, or there is no worker", () => {
    const { eventLoop: _, ...withoutLoop } = cost['worker-1']!;
    assert.equal(servingOverhead({ ...cost, 'worker-1': withoutLoop }), undefined);
    assert.equal(servingOverhead({ gateway: cost.gateway! }), undefined);
  });
});

describe('lengthBuckets', () => {
  it('splits by token count at fixed bounds, keeps order, and ends with all the texts', () => {
    const buckets = lengthBuckets(['a', 'b', 'c', 'd', 'e'], [24, 25, 63, 64, 10]);
    assert.deepEqual(
      buckets.map((b) => [b.name, b.tokens, b.texts, b.meanTokens]),
      [
        ['short', '<= 24', ['a', 'e'], 17],
        ['medium', '25-63', ['b', 'c'], 44],
        ['long', '>= 64', ['d'], 64],
        ['all', 'all', ['a', 'b', 'c', 'd', 'e'], 37],
      ],
    );
  });

  it('leaves empty buckets out and refuses counts that do not match the texts', () => {
    assert.deepEqual(
      lengthBuckets(['a'], [3]).map((b) => b.name),
      ['short', 'all'],
    );
    assert.throws(() => lengthBuckets(['a', 'b'], [3]), /2 texts but 1 token counts/);
  });
});

describe('measureTokenization', () => {
  it('times every length bucket at every call size, whole passes of at least the texts asked for', async () => {
    const calls: number[] = [];
    const report = await measureTokenization({
      name: 'fake',
      encode: (texts) => void calls.push(texts.length),
      texts: ['a', 'b', 'c'],
      tokenCounts: [10, 30, 100],
      textsPerCall: [1, 2],
      minTexts: 5,
      minCpuMs: 0,
    });
    assert.equal(report.function, 'fake');
    assert.deepEqual(
      report.rows.map((r) => [r.bucket, r.tokens, r.sampleTexts, r.textsPerCall, r.textsTimed]),
      [
        ['short', '<= 24', 1, 1, 5],
        ['short', '<= 24', 1, 2, 5],
        ['medium', '25-63', 1, 1, 5],
        ['medium', '25-63', 1, 2, 5],
        ['long', '>= 64', 1, 1, 5],
        ['long', '>= 64', 1, 2, 5],
        ['all', 'all', 3, 1, 6],
        ['all', 'all', 3, 2, 6],
      ],
    );
    assert.ok(calls.every((n) => n === 1 || n === 2));
    assert.ok(report.rows.every((r) => Number.isFinite(r.cpuUsPerText) && r.cpuUsPerText >= 0));
  });
});

describe('baselineOf', () => {
  it("takes the stored report's figures and the commit they came from", () => {
    assert.deepEqual(baselineOf(storedReport()), {
      commit: '68bf1d1',
      date: '2026-11-27T11:51:21.120Z',
      // (3.25 + 0.99 + 13.38) s over 80,000 texts; the load generator is not the fabric.
      fabricCpuUsPerText: 220,
      p99At80OfNaiveMs: { fp32: 355.9, int8: 130.4 },
      addedP50Ms: { fp32: 5.07, int8: 3.9 },
      gatewayRssWithStreams: { streams: 1000, peakMb: 147 },
    });
  });

  it('carries a stored baseline forward, so that reruns compare with where the issue started', () => {
    const first = baselineOf(storedReport())!;
    const later = { ...storedReport(), machine: { commit: 'abcdef0', date: 'later' }, baseline: first };
    assert.equal(baselineOf(later), first);
  });

  it('takes nothing from a quick run', () => {
    assert.equal(baselineOf({ ...storedReport(), quick: true }), undefined);
  });
});

describe('issue30Targets', () => {
  const run = (): Issue30Measurements => {
    const m = storedReport();
    m.baseline = baselineOf(storedReport());
    m.machine = { commit: 'new', date: 'now' };
    m.dtypes.fp32!.sieveLayout = { sessions: 2, intraOpThreads: 1 };
    m.dtypes.fp32!.ceilingRecheck = { textsPerSecond: 76.5 };
    m.dtypes.fp32!.sieve!.phases.push(
      phase('closed unary', { mode: 'unary', textsPerSecond: 70 }),
      phase('closed unary, HTTP/JSON', { mode: 'http', textsPerSecond: 81 }),
      phase('closed stream', {
        textsPerSecond: 78,
        processes: {
          gateway: { cpuSeconds: 0.8, mainThreadCpuSeconds: 0.7, peakRssMb: 1 },
          'worker-1': { cpuSeconds: 20, mainThreadCpuSeconds: 0.8, peakRssMb: 1 },
          redis: { cpuSeconds: 0.4, peakRssMb: 1 },
          'load-generator': { cpuSeconds: 0.4, mainThreadCpuSeconds: 0.4, peakRssMb: 1 },
        },
      }),
      phase('closed stream, 8 texts per call', { textsPerCall: 8, textsPerSecond: 80 }),
      // The second cluster in the other layout is not the defaults, however fast.
      phase('closed stream, 1 session of 2 threads', { textsPerSecond: 81.5 }),
    );
    m.dtypes.fp32!.sieve!.peakRssMb = {
      'worker-1': 600,
      'worker-2': 900,
      'worker-1 (1 session of 2 threads)': 400,
    };
    m.tokenization = {
      function: 'TextTokenizer.encode',
      rows: [
        {
          bucket: 'short',
          tokens: '<= 24',
          sampleTexts: 1,
          meanTokens: 17,
          textsPerCall: 8,
          textsTimed: 1,
          cpuUsPerText: 9,
          wallUsPerText: 1,
        },
        {
          bucket: 'all',
          tokens: 'all',
          sampleTexts: 1,
          meanTokens: 44,
          textsPerCall: 1,
          textsTimed: 1,
          cpuUsPerText: 40,
          wallUsPerText: 1,
        },
        {
          bucket: 'all',
          tokens: 'all',
          sampleTexts: 1,
          meanTokens: 44,
          textsPerCall: 8,
          textsTimed: 1,
          cpuUsPerText: 14.5,
          wallUsPerText: 1,
        },
      ],
    };
    const eight = m.fabric!.phases[0]!;
    eight.processes = {
      gateway: { cpuSeconds: 2, peakRssMb: 1 },
      redis: { cpuSeconds: 0.8, peakRssMb: 1 },
      'worker-1': { cpuSeconds: 6, peakRssMb: 1 },
      'load-generator': { cpuSeconds: 5, peakRssMb: 1 },
    };
    m.fabric!.streamMemory!.gatewayPeakRssMb = 160;
    return m;
  };

  it("holds sieve's default cluster (gRPC, not the other layout) to the best in-process layout at 1 and 8 per call", () => {
    const rows = issue30Targets(run());
    const one = byName(rows, 'sieve at defaults / best in-process, fp32, 1 text per call');
    // 78 texts/s of "closed stream" over the higher of the ceiling's two measurements.
    assert.equal(one.value, 0.957);
    assert.equal(one.target, 0.95);
    assert.equal(one.met, true);
    assert.match(
      one.detail!,
      /78 texts\/s \(closed stream; worker: 2 sessions of 1 thread\) \/ 81\.5 \(in-process 2 x 1 thread, batch 4\)/,
    );
    // 800 texts: 27,000 us each, 3,000 of them beside the sessions; the stored ceiling took 0 s per 1k texts.
    assert.match(
      one.detail!,
      /; CPU per text 27000 us \(in-process 0\), 3000 of it \(11 %\) outside the sessions: gateway 1000, worker-1 event loop 1000, redis 500, load-generator 500$/,
    );
    // A phase measured without the event loops says only the ratio.
    assert.doesNotMatch(
      byName(rows, 'sieve at defaults / best in-process, fp32, 8 texts per call').detail!,
      /outside/,
    );
    const eight = byName(rows, 'sieve at defaults / best in-process, fp32, 8 texts per call');
    assert.equal(eight.value, 0.981);
    // Where the workers counted jobs, the requests that shared each one are said too.
    const measured = run();
    const stream = measured.dtypes.fp32!.sieve!.phases.find((p) => p.label === 'closed stream')!;
    stream.batching = {
      batches: 200,
      texts: 800,
      meanBatchSize: 4,
      paddingRatio: 1,
      sizes: {},
      requestsPerJob: 3.9,
    };
    assert.match(
      byName(issue30Targets(measured), 'sieve at defaults / best in-process, fp32, 1 text per call').detail!,
      /load-generator 500; 3\.9 requests per job$/,
    );
    // With the in-process CPU per text known, it says what 0.95 leaves beside the sessions: 24,000 us / 0.95 - 24,000.
    measured.dtypes.fp32!.ceiling!.best.cpuSecondsPer1kTexts = 24;
    assert.match(
      byName(issue30Targets(measured), 'sieve at defaults / best in-process, fp32, 1 text per call').detail!,
      /\(in-process 24000\), .*; 3\.9 requests per job; 0\.95 of the ceiling leaves 1263 us per text outside the sessions, the load generator's 500 included$/,
    );
    const int8 = byName(rows, 'sieve at defaults / best in-process, int8, 8 texts per call');
    assert.equal(int8.value, undefined);
    assert.equal(int8.met, undefined);
  });

  it("judges each default worker's peak RSS against 1.3 x model + 200 MB", () => {
    const rows = issue30Targets(run());
    const first = byName(rows, 'worker-1 peak RSS at defaults, fp32');
    assert.deepEqual([first.value, first.target, first.met], [600, 871, true]);
    const second = byName(rows, 'worker-2 peak RSS at defaults, fp32');
    assert.deepEqual([second.value, second.met], [900, false]);
    assert.ok(!rows.some((r) => r.name.includes('(1 session of 2 threads)')));
  });

  it('takes tokenization at 8 texts per call over the whole sample, with the lengths and one per call beside', () => {
    const row = byName(
      issue30Targets(run()),
      'tokenization CPU per text, realistic corpus, 8 texts per call',
    );
    assert.deepEqual([row.value, row.target, row.met], [14.5, 15, true]);
    assert.equal(row.detail, 'TextTokenizer.encode; short 9; 1 text per call: 40');

    const both = run();
    both.tokenizationLibrary = {
      function: 'TextTokenizer.encodeWithLibrary (hf-binding)',
      rows: both.tokenization!.rows.map((r) => ({ ...r, cpuUsPerText: r.cpuUsPerText * 10 })),
    };
    const beside = byName(
      issue30Targets(both),
      'tokenization CPU per text, realistic corpus, 8 texts per call',
    );
    assert.equal(beside.value, 14.5);
    assert.match(beside.detail!, /; TextTokenizer.encodeWithLibrary \(hf-binding\) at 8 per call: 145$/);
  });

  it("halves the stored fabric figure, splits this run's by process and names the batches it was measured with", () => {
    const name = 'fabric CPU per text (gateway + worker + Redis, no-op model), 8 texts per call';
    const row = byName(issue30Targets(run()), name);
    // (2 + 0.8 + 6) s / 80,000 texts = 110 us against half of 220.
    assert.deepEqual([row.value, row.target, row.baseline, row.met], [110, 110, 220, true]);
    assert.equal(
      row.detail,
      'gateway 25, worker-1 75, redis 10; batches of up to 1024 padded tokens as in the stored report (batches unknown)',
    );

    // The same load batched as CPU workers are by default: beside the target, never instead of it.
    const both = run();
    const batching = (meanBatchSize: number) => ({
      batches: Math.round(80_000 / meanBatchSize),
      texts: 80_000,
      meanBatchSize,
      paddingRatio: 1,
      sizes: {},
    });
    both.fabric!.phases[0]!.batching = batching(19.2);
    both.fabric!.phases.push({
      ...both.fabric!.phases[0]!,
      label: 'stream, 8 texts per call, CPU batching defaults',
      processes: {
        gateway: { cpuSeconds: 4, peakRssMb: 180 },
        'worker-1': { cpuSeconds: 8, peakRssMb: 200 },
      },
      batching: batching(3.7),
    });
    const beside = byName(issue30Targets(both), name);
    assert.deepEqual([beside.value, beside.met], [110, true]);
    assert.match(
      beside.detail!,
      /as in the stored report \(19.2 texts per batch\); with CPU batching defaults: 150 us\/text \(3.7 texts per batch\)$/,
    );
  });

  it('holds the rest to the stored values with the noise allowance, and says n/a without a stored report', () => {
    const rows = issue30Targets(run());
    const streams = byName(rows, 'gateway peak RSS with 1000 open streams');
    // 160 MB against 147 + 10 %.
    assert.deepEqual([streams.value, streams.target, streams.baseline, streams.met], [160, 161.7, 147, true]);
    const p99 = byName(rows, "p99 at 80% of naive's maximum, fp32");
    assert.deepEqual([p99.value, p99.target, p99.met], [355.9, 391.49, true]);
    const added = byName(rows, 'added p50 over in-process at low load, int8');
    assert.deepEqual([added.value, added.baseline], [3.9, 3.9]);

    const alone = run();
    delete alone.baseline;
    const without = issue30Targets(alone);
    const fabric = byName(
      without,
      'fabric CPU per text (gateway + worker + Redis, no-op model), 8 texts per call',
    );
    assert.deepEqual([fabric.value, fabric.target, fabric.met], [110, undefined, undefined]);
    assert.equal(byName(without, 'gateway peak RSS with 1000 open streams').met, undefined);
  });

  it('renders as one table in the Markdown report, with the stored commit named', () => {
    const m = run();
    const report = {
      ...m,
      machine: {
        cpus: 2,
        cpuModel: 'x',
        memoryGb: 1,
        node: 'v20',
        platform: 'linux',
        loadAverageAtStart: [0, 0, 0],
        ...m.machine,
      },
      settings: {},
      corpus: { name: 'c.jsonl', texts: 1, realTokens: 1, tokensPerText: {} },
      ratios: {},
      targets: [],
      durationSeconds: 1,
      issue30: issue30Targets(m),
    } as unknown as BenchReport;
    const markdown = markdownReport(report);
    assert.match(markdown, /## Issue 30 targets\n\nStored report measured against: commit 68bf1d1/);
    assert.match(
      markdown,
      /\| fabric CPU per text \(gateway \+ worker \+ Redis, no-op model\), 8 texts per call \| 110 us\/text \| <= 110 us\/text \(half the stored 220 \(68bf1d1\)\) \| yes \| 220 us\/text \|/,
    );
    assert.match(markdown, /## Where the CPU goes/);
    assert.match(
      markdown,
      /\| fabric \(no-op model\) \| stream, 8 texts per call \| 8 \| 80\.0 \| 25 \/ 200 \|/,
    );
    assert.match(markdown, /## Tokenization: `TextTokenizer.encode`/);
    assert.match(markdown, /\| all \| all \| 1 \| 44 \| 8 \| 1 \| 14\.5 \| 1\.0 \|\n/);

    const withLibrary = markdownReport({
      ...report,
      tokenizationLibrary: {
        function: 'TextTokenizer.encodeWithLibrary (hf-binding)',
        rows: [{ ...m.tokenization!.rows[2]!, cpuUsPerText: 61.25 }],
      },
    });
    assert.match(
      withLibrary,
      /\| CPU us\/text \| wall us\/text \| TextTokenizer.encodeWithLibrary \(hf-binding\): CPU us\/text \|/,
    );
    assert.match(withLibrary, /\| all \| all \| 1 \| 44 \| 8 \| 1 \| 14\.5 \| 1\.0 \| 61\.3 \|/);
    assert.match(withLibrary, /\| short \| <= 24 \| 1 \| 17 \| 8 \| 1 \| 9\.0 \| 1\.0 \| n\/a \|/);
  });
});
