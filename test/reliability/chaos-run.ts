// The chaos scenario shared by the CI test (short) and the report command (longer): steady unary load on two
// gateways plus a batch job, while workers are SIGKILLed, a gateway is restarted and Redis is stopped for a while
// (AOF on). Every call is accounted for: a correct result or an explicit error code, never a hang past its deadline.
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { checkHealth, healthClient, type ClassifyResponse, type InferenceClient } from '@sieve/api';
import { BatchClient } from '@sieve/client';
import { TextClassifier } from '@sieve/runtime';
import { RedisServerFixture, SieveCluster, tinyModelDir } from '@sieve/testing';

export interface ChaosOptions {
  /** Seconds of load before, between and after the faults. */
  phaseSeconds: number;
  /** Worker SIGKILLs (each followed by a replacement worker). */
  workerKills: number;
  redisOutageSeconds: number;
  callers: number;
  batchTexts: number;
  log?: (line: string) => void;
}

export interface CallRecord {
  gateway: number;
  startedAt: number;
  endedAt: number;
  deadline: number;
  code: number;
  text: string;
  label?: string;
}

export interface FaultRecord {
  fault: string;
  at: number;
  /** From the fault until a call started after it succeeded (ms). */
  recoveryMs?: number;
  /** Calls that ended in an error while the fault was in effect. */
  failedCalls: number;
}

export interface ChaosReport {
  options: ChaosOptions;
  durationMs: number;
  calls: number;
  answered: number;
  okCalls: number;
  errorsByCode: Record<string, number>;
  /** Calls that never ended, or ended later than their deadline allows. */
  hung: number;
  /** OK answers whose label differs from the in-process runtime's for that text (an answer for someone else). */
  wrongAnswers: number;
  checkedAnswers: number;
  faults: FaultRecord[];
  outage: {
    unavailableCalls: number;
    otherErrors: Record<string, number>;
    /** Slowest failure while Redis was down: a fast failure, not a wait for the deadline. */
    maxFailureMs: number;
    healthDuringOutage: string[];
    healthAfter: string;
  };
  batch: {
    total: number;
    done: number;
    failed: number;
    results: number;
    duplicates: number;
    missing: number;
    state: string;
  };
}

// Long enough for a dead worker's jobs to be taken over (lock 2 s + two stalled checks), as in production.
const CALL_DEADLINE_MS = 10_000;
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function classify(
  client: InferenceClient,
  text: string,
  deadline: number,
): Promise<{ code: number; label?: string }> {
  return new Promise((resolve) =>
    client.Classify({ model: 'tiny', texts: [text] }, new Metadata(), { deadline }, (error, response) => {
      if (error) resolve({ code: (error as ServiceError).code });
      else resolve({ code: status.OK, label: (response as ClassifyResponse).results[0]?.labels[0]?.label });
    }),
  );
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const persistent = ['--appendonly', 'yes', '--appendfsync', 'always'];
  const redis = await RedisServerFixture.start(persistent);
  const modelDir = await tinyModelDir();
  const local = await TextClassifier.load(modelDir, { intraOpThreads: 1 });
  const workerEnv = {
    SIEVE_LOCK_DURATION_MS: '2000',
    SIEVE_STALLED_INTERVAL_MS: '1000',
    SIEVE_BATCH_LOCK_DURATION_MS: '2000',
    SIEVE_BATCH_STALLED_INTERVAL_MS: '1000',
  };
  const cluster = await SieveCluster.start({ modelDir, redis, workers: 2, gateways: 2, workerEnv });
  const started = Date.now();
  const records: CallRecord[] = [];
  const inFlight = new Set<CallRecord>();
  const faults: FaultRecord[] = [];
  let stopping = false;
  // Gateways are addressed through this table so a restarted gateway takes its slot.
  const gateways: Array<{ client: InferenceClient; address: string }> = cluster.gateways.map((g) => ({
    client: g.client,
    address: g.address,
  }));

  const caller = async (c: number) => {
    for (let n = 0; !stopping; n++) {
      const gateway = (c + n) % 2;
      const text = `caller ${c} call ${n} ${'words '.repeat((c + n) % 17)}`;
      const record: CallRecord = {
        gateway,
        startedAt: Date.now(),
        endedAt: 0,
        deadline: Date.now() + CALL_DEADLINE_MS,
        code: -1,
        text,
      };
      inFlight.add(record);
      const outcome = await classify(gateways[gateway]!.client, text, record.deadline);
      inFlight.delete(record);
      record.endedAt = Date.now();
      record.code = outcome.code;
      if (outcome.label) record.label = outcome.label;
      records.push(record);
      // A failing call is retried by real clients after a pause; do the same so an outage is not a busy loop.
      if (outcome.code !== status.OK) await settle(100);
    }
  };

  const batchClient = new BatchClient(cluster.gateways[0]!.address);
  const batchItems = Array.from({ length: options.batchTexts }, (_, i) => ({
    id: `chaos-${i}`,
    text: `batch ${i} ${'x '.repeat(i % 11)}`,
  }));
  const submitted = await batchClient.submit({ model: 'tiny', idempotencyKey: 'chaos' }, batchItems);
  const batchId = submitted.batch!.id;

  const load = Promise.all(Array.from({ length: options.callers }, (_, c) => caller(c)));
  const recoveryAfter = async (fault: FaultRecord) => {
    // Recovery: the first call that started after the fault and succeeded.
    for (;;) {
      const ok = records.find((r) => r.startedAt >= fault.at && r.code === status.OK);
      if (ok) {
        fault.recoveryMs = ok.endedAt - fault.at;
        return;
      }
      if (Date.now() - fault.at > 60_000) return;
      await settle(50);
    }
  };

  const health = [healthClient(gateways[0]!.address), healthClient(gateways[1]!.address)];
  const outage = {
    unavailableCalls: 0,
    otherErrors: {} as Record<string, number>,
    maxFailureMs: 0,
    healthDuringOutage: [] as string[],
    healthAfter: '',
  };
  try {
    await settle(options.phaseSeconds * 1000);
    for (let k = 0; k < options.workerKills; k++) {
      const victim = cluster.workers.filter((w) => w.pid !== undefined)[Math.floor(Math.random() * 2)]!;
      const fault: FaultRecord = { fault: `SIGKILL worker ${k + 1}`, at: Date.now(), failedCalls: 0 };
      log(`fault: ${fault.fault}`);
      await victim.kill('SIGKILL');
      cluster.workers.splice(cluster.workers.indexOf(victim), 1);
      faults.push(fault);
      await recoveryAfter(fault);
      await cluster.addWorker(workerEnv);
      await settle(options.phaseSeconds * 1000);
    }

    {
      const fault: FaultRecord = {
        fault: 'restart gateway 2 (SIGTERM, new process)',
        at: Date.now(),
        failedCalls: 0,
      };
      log(`fault: ${fault.fault}`);
      const old = cluster.gateways[1]!;
      await old.process.kill('SIGTERM');
      const replacement = await cluster.addGateway();
      gateways[1] = { client: replacement.client, address: replacement.address };
      faults.push(fault);
      await recoveryAfter(fault);
      await settle(options.phaseSeconds * 1000);
    }

    {
      const fault: FaultRecord = {
        fault: `stop Redis for ${options.redisOutageSeconds} s (AOF on)`,
        at: Date.now(),
        failedCalls: 0,
      };
      log(`fault: ${fault.fault}`);
      await redis.stop();
      const outageEnds = Date.now() + options.redisOutageSeconds * 1000;
      await settle(1500);
      while (Date.now() < outageEnds - 500) {
        outage.healthDuringOutage.push(await checkHealth(health[0]!));
        await settle(1000);
      }
      await settle(Math.max(0, outageEnds - Date.now()));
      await redis.launch(persistent);
      const back = Date.now();
      for (const r of records) {
        if (r.startedAt >= fault.at + 1500 && r.endedAt <= back && r.code !== status.OK) {
          if (r.code === status.UNAVAILABLE) outage.unavailableCalls += 1;
          else
            outage.otherErrors[status[r.code] ?? r.code] =
              (outage.otherErrors[status[r.code] ?? r.code] ?? 0) + 1;
          outage.maxFailureMs = Math.max(outage.maxFailureMs, r.endedAt - r.startedAt);
        }
      }
      faults.push(fault);
      const restarted: FaultRecord = { fault: 'Redis back', at: back, failedCalls: 0 };
      await recoveryAfter(restarted);
      fault.recoveryMs =
        restarted.recoveryMs === undefined ? undefined : back - fault.at + restarted.recoveryMs;
      await settle(options.phaseSeconds * 1000);
      outage.healthAfter = await checkHealth(health[0]!);
    }
  } finally {
    stopping = true;
    // Every call ends by its deadline at the latest; wait a little beyond it.
    await Promise.race([load, settle(CALL_DEADLINE_MS + 5000)]);
  }

  for (let i = 0; i < faults.length; i++) {
    const from = faults[i]!.at;
    const to = faults[i + 1]?.at ?? Infinity;
    faults[i]!.failedCalls = records.filter(
      (r) => r.startedAt >= from && r.startedAt < to && r.code !== status.OK,
    ).length;
  }

  // Batch: wait for its end (it ran through every fault), then read every result.
  let batch = await batchClient.get(batchId);
  for (let i = 0; i < 600 && !['BATCH_STATE_SUCCEEDED', 'BATCH_STATE_FAILED'].includes(batch.state); i++) {
    await settle(500);
    batch = await batchClient.get(batchId).catch(() => batch);
  }
  const seen = new Map<string, number>();
  for await (const result of batchClient.results(batchId))
    seen.set(result.id, (seen.get(result.id) ?? 0) + 1);
  const duplicates = [...seen.values()].filter((n) => n > 1).length;
  const missing = batchItems.filter((item) => !seen.has(item.id)).length;

  // Correctness of answers: a sample checked against the runtime in this process.
  const oks = records.filter((r) => r.code === status.OK);
  const sample = oks.filter((_, i) => i % 10 === 0).slice(0, 400);
  const expected = await local.classify(sample.map((r) => r.text));
  const wrongAnswers = sample.filter((r, i) => r.label !== expected[i]!.labels[0]!.label).length;

  const errorsByCode: Record<string, number> = {};
  for (const r of records) {
    if (r.code !== status.OK)
      errorsByCode[status[r.code] ?? r.code] = (errorsByCode[status[r.code] ?? r.code] ?? 0) + 1;
  }
  const report: ChaosReport = {
    options,
    durationMs: Date.now() - started,
    calls: records.length + inFlight.size,
    answered: records.length,
    okCalls: oks.length,
    errorsByCode,
    hung: inFlight.size + records.filter((r) => r.endedAt > r.deadline + 1000).length,
    wrongAnswers,
    checkedAnswers: sample.length,
    faults,
    outage,
    batch: {
      total: Number(batch.totalCount),
      done: Number(batch.doneCount),
      failed: Number(batch.failedCount),
      results: [...seen.values()].reduce((a, b) => a + b, 0),
      duplicates,
      missing,
      state: batch.state,
    },
  };
  for (const stub of health) stub.close();
  batchClient.close();
  await cluster.stop();
  await local.close();
  return report;
}
