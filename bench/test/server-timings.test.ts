import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateTargets, type BenchReport } from '../bench-report.ts';
import type { PhaseResult } from '../phase-measurement.ts';
import { ServerTimingsTally } from '../server-timings.ts';

const duration = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: Math.round((ms % 1000) * 1e6) });
const timings = (total: number, queue: number, tokenization: number, inference: number) => ({
  total: duration(total),
  queue: duration(queue),
  tokenization: duration(tokenization),
  inference: duration(inference),
});

describe('ServerTimingsTally', () => {
  it('gives the median of each part of the answers’ timings, in ms', () => {
    const tally = new ServerTimingsTally();
    tally.add(timings(19.5, 1.5, 0.5, 16));
    tally.add(timings(1_020, 2.25, 0.75, 1_015.5)); // a whole second carried in `seconds`
    tally.add(timings(18, 1, 0.25, 15));
    assert.deepEqual(tally.p50(), { gateway: 19.5, queue: 1.5, tokenization: 0.5, inference: 16 });
  });

  it('ignores answers without timings and has nothing to say without any', () => {
    const tally = new ServerTimingsTally();
    tally.add(undefined);
    tally.add(null);
    assert.equal(tally.p50(), undefined);
  });
});

describe('the added-latency target', () => {
  const lowLoad = (extra: Partial<PhaseResult>) =>
    ({ label: 'low load (1 caller)', latencyMs: { p50: 21.9 }, ...extra }) as PhaseResult;
  const targetOf = (phase: PhaseResult) =>
    evaluateTargets({
      dtypes: {
        fp32: {
          modelFileMb: 516,
          sieve: { phases: [phase], peakRssMb: {} },
          ceiling: {
            best: { textsPerSecond: 80 },
            singleTextLatencyMs: { p50: 21 },
            singleTextLatencyWorkerSessionMs: { p50: 16.3 },
          },
        },
      },
    } as unknown as Omit<BenchReport, 'targets' | 'ratios' | 'durationSeconds'>).targets.find((target) =>
      target.target.startsWith('added p50'),
    );

  it('splits the one caller’s time by sieve’s own timings, beside the in-process base', () => {
    const target = targetOf(
      lowLoad({ serverTimingsP50Ms: { gateway: 19.6, queue: 1.58, tokenization: 0.59, inference: 15.8 } }),
    );
    assert.equal(target?.met, false);
    assert.match(target?.measured ?? '', /^21\.90 - 16\.30 = 5\.60 ms/);
    assert.match(
      target?.measured ?? '',
      /inference 15\.80 ms, queue 1\.58, tokenization 0\.59, gateway in all 19\.60$/,
    );
  });

  it('says nothing of a split that was not measured', () => {
    assert.match(targetOf(lowLoad({}))?.measured ?? '', /= 5\.60 ms$/);
  });
});
