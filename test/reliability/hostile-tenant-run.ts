// The hostile-tenant scenario shared by the CI test (short) and the report command (longer): tenant B calls as usual
// while tenant A floods with distinct texts and fresh request ids, a stranger sends 16 MiB messages without a key,
// and A opens streams it never reads, all against a Redis with a small maxmemory and noeviction. Measures what B
// got, how much Redis held, what every caller read, and whether the cluster stayed healthy.
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { checkHealth, healthClient, type ClassifyResponse, type InferenceClient } from '@sieve/api';
import { RedisServerFixture, SieveCluster, tinyModelDir } from '@sieve/testing';
import { HostileTenant, type HostileOutcome, type HostileSpec } from '../fixtures/hostile-tenant.ts';
import { writeTenantsFile } from '../fixtures/tenants-file.ts';

export interface HostileOptions {
  /** B alone first, for its own baseline. */
  baselineSeconds: number;
  attackSeconds: number;
  /** Redis's maxmemory (MB), with maxmemory-policy noeviction. */
  redisMaxMemoryMb: number;
  attacker: Omit<HostileSpec, 'address' | 'key' | 'model'>;
  /** B's closed-loop callers, one text per call. */
  victimCallers: number;
  log?: (line: string) => void;
}

/** The attack of the CI test and of the report: only its length differs. */
export const HOSTILE_ATTACK: HostileOptions['attacker'] = {
  floodCallers: 8,
  textsPerCall: 64,
  oversizedSenders: 2,
  oversizedBytes: 16 * 1024 * 1024 - 64,
  unreadStreams: 4,
  unreadStreamMessages: 2_000,
  nice: 5,
};

export interface LatencySummary {
  calls: number;
  ok: number;
  errorsByCode: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface HostileReport {
  options: HostileOptions;
  victim: { baseline: LatencySummary; underAttack: LatencySummary };
  attacker: HostileOutcome;
  redis: { maxMemoryBytes: number; baselineBytes: number; peakBytes: number; keysAtEnd: number };
  /** Error texts any caller read that are Redis's own words (a leak of the backend's internals). */
  rawRedisErrors: string[];
  /** Health checks of the gateway during the attack that did not answer SERVING. */
  healthNotServing: number;
  healthChecks: number;
  /** CPU seconds the gateway process used during the attack (from /proc), beside the attack's wall time. */
  gatewayCpuSeconds?: number;
}

const SENTENCES = [
  'I love this product, it works perfectly.',
  'The delivery was late and the box was damaged.',
  'It is fine, nothing special.',
  'Das ist großartig!',
  'Esto es terrible.',
  'Ce produit est correct.',
];

/** Redis's own error words, which must never reach a caller: the message names sieve's problem, not the backend's. */
const RAW_REDIS =
  /OOM command|command not allowed|maxmemory|WRONGTYPE|READONLY|NOSCRIPT|LOADING|ReplyError|ERR /;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summarize(records: Array<{ ms: number; code: number }>): LatencySummary {
  const sorted = records.map((r) => r.ms).sort((a, b) => a - b);
  const errorsByCode: Record<string, number> = {};
  for (const r of records) {
    if (r.code !== status.OK) errorsByCode[status[r.code]!] = (errorsByCode[status[r.code]!] ?? 0) + 1;
  }
  return {
    calls: records.length,
    ok: records.filter((r) => r.code === status.OK).length,
    errorsByCode,
    p50Ms: Math.round(percentile(sorted, 50) * 10) / 10,
    p99Ms: Math.round(percentile(sorted, 99) * 10) / 10,
    maxMs: Math.round((sorted.at(-1) ?? 0) * 10) / 10,
  };
}

/** Closed-loop callers of one tenant until `until` resolves: every call's latency, code and error text. */
async function callLoop(
  client: InferenceClient,
  key: string,
  callers: number,
  until: Promise<void>,
  messages: string[],
): Promise<Array<{ ms: number; code: number }>> {
  let done = false;
  void until.then(() => (done = true));
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${key}`);
  const records: Array<{ ms: number; code: number }> = [];
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      for (let n = caller; !done; n += callers) {
        const text = SENTENCES[n % SENTENCES.length]!;
        const started = performance.now();
        const code = await new Promise<number>((resolve) =>
          client.Classify(
            { model: 'tiny', texts: [text] },
            metadata,
            { deadline: Date.now() + 10_000 },
            (error, response) => {
              if (error) {
                messages.push((error as ServiceError).details);
                resolve((error as ServiceError).code);
              } else resolve((response as ClassifyResponse).results.length === 1 ? status.OK : -1);
            },
          ),
        );
        records.push({ ms: performance.now() - started, code });
      }
    }),
  );
  return records;
}

/** user + system CPU seconds of a process so far (Linux /proc; undefined elsewhere). */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runHostileTenant(options: HostileOptions): Promise<HostileReport> {
  const log = options.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'sieve-hostile-'));
  const redis = await RedisServerFixture.start([
    '--maxmemory',
    `${options.redisMaxMemoryMb}mb`,
    '--maxmemory-policy',
    'noeviction',
  ]);
  const tenants = writeTenantsFile(dir, [{ id: 'a' }, { id: 'b' }]);
  const cluster = await SieveCluster.start({
    modelDir: await tinyModelDir(),
    redis,
    gatewayEnv: { SIEVE_TENANTS_FILE: tenants.path },
  }).catch(async (error: unknown) => {
    await redis.close();
    throw error;
  });
  const monitor = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  const health = healthClient(cluster.gateways[0]!.address);
  try {
    const usedMemory = async () =>
      Number(/used_memory:(\d+)/.exec(await monitor.info('memory'))?.[1] ?? Number.NaN);
    const { client, address } = cluster.gateways[0]!;
    const victimMessages: string[] = [];

    log(`baseline: tenant B alone for ${options.baselineSeconds} s`);
    // Warm-up calls (first batches, connections), not counted.
    await callLoop(client, tenants.keys.b!, 1, sleep(1000), []);
    const baselineBytes = await usedMemory();
    const baseline = await callLoop(
      client,
      tenants.keys.b!,
      options.victimCallers,
      sleep(options.baselineSeconds * 1000),
      victimMessages,
    );

    log(`attack: ${JSON.stringify(options.attacker)} for ${options.attackSeconds} s`);
    const gatewayPid = cluster.gateways[0]!.process.pid;
    const cpuBefore = cpuSeconds(gatewayPid);
    const attacker = HostileTenant.start({
      ...options.attacker,
      address,
      key: tenants.keys.a!,
      model: 'tiny',
    });
    const attackOver = sleep(options.attackSeconds * 1000);
    let peakBytes = baselineBytes;
    let healthChecks = 0;
    let healthNotServing = 0;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        peakBytes = Math.max(peakBytes, await usedMemory().catch(() => 0));
        const state = await checkHealth(health);
        healthChecks += 1;
        if (state !== 'SERVING') healthNotServing += 1;
        await sleep(250);
      }
    })();
    const underAttack = await callLoop(
      client,
      tenants.keys.b!,
      options.victimCallers,
      attackOver,
      victimMessages,
    );
    const cpuAfter = cpuSeconds(gatewayPid);
    const outcome = await attacker.stop();
    watching = false;
    await watcher;
    const maxMemoryBytes = options.redisMaxMemoryMb * 1024 * 1024;
    const report: HostileReport = {
      options,
      victim: { baseline: summarize(baseline), underAttack: summarize(underAttack) },
      attacker: outcome,
      redis: { maxMemoryBytes, baselineBytes, peakBytes, keysAtEnd: await monitor.dbsize() },
      rawRedisErrors: [...new Set([...victimMessages, ...outcome.messages])].filter((m) => RAW_REDIS.test(m)),
      healthNotServing,
      healthChecks,
      ...(cpuBefore !== undefined && cpuAfter !== undefined
        ? { gatewayCpuSeconds: Math.round((cpuAfter - cpuBefore) * 100) / 100 }
        : {}),
    };
    log(JSON.stringify({ victim: report.victim, redis: report.redis, attacker: outcome.byAttack }));
    return report;
  } finally {
    health.close();
    monitor.disconnect();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The bound on B's p99 under attack, from B's own baseline in the same run (so a slow or busy machine moves both):
 * ten times its quiet p99, and never below half a second. Why that much: on two cores the attacker's own process,
 * its refused calls and A's fair share of the worker all take CPU that B's calls then wait for, and a batch of A's
 * in progress is not preempted; why no more: the defects this guards against moved B's median from 5 ms to ~2,000 ms
 * and its calls to UNAVAILABLE, far outside it.
 */
export function victimTailBoundMs(baseline: LatencySummary): number {
  return Math.max(500, 10 * baseline.p99Ms);
}
