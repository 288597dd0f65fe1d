// `pnpm reliability:report [--soak-minutes 10] [--phase-seconds 5] [--only chaos,soak,hostile-tenant]`: runs the
// chaos scenario at a larger scale, a soak and the hostile-tenant scenario (or only those named), then rewrites
// test/reliability/REPORT.md (and report.json) from what it measured, keeping the stored results of those not run.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { runChaos, type ChaosReport } from './chaos-run.ts';
import { runSoak, type SoakReport } from './soak-run.ts';
import {
  HOSTILE_ATTACK,
  runHostileTenant,
  victimTailBoundMs,
  type HostileReport,
} from './hostile-tenant-run.ts';

const SCENARIOS = ['chaos', 'soak', 'hostile-tenant'] as const;
const { values } = parseArgs({
  options: {
    'soak-minutes': { type: 'string', default: '10' },
    'phase-seconds': { type: 'string', default: '5' },
    only: { type: 'string', default: SCENARIOS.join(',') },
  },
});
const soakMinutes = Number(values['soak-minutes']);
const phaseSeconds = Number(values['phase-seconds']);
const only = new Set(values.only.split(','));
for (const name of only) {
  if (!(SCENARIOS as readonly string[]).includes(name)) {
    console.error(`--only: unknown scenario "${name}" (known: ${SCENARIOS.join(', ')})`);
    process.exit(2);
  }
}
const log = (line: string) => console.error(line);
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

interface StoredReport {
  /** When and where chaos and soak were last measured. */
  written: { at: string; machine: string };
  chaos: ChaosReport;
  soak: SoakReport;
  hostile?: HostileReport & { measuredAt: string; machine: string };
}
const here = new URL('./', import.meta.url);
const stored: Partial<StoredReport> = existsSync(new URL('report.json', here))
  ? (JSON.parse(readFileSync(new URL('report.json', here), 'utf8')) as Partial<StoredReport>)
  : {};

if (only.has('chaos')) {
  log('chaos scenario...');
  stored.chaos = await runChaos({
    phaseSeconds,
    workerKills: 4,
    redisOutageSeconds: 10,
    callers: 16,
    batchTexts: 100_000,
    log,
  });
}
if (only.has('soak')) {
  log(`soak for ${soakMinutes} min...`);
  stored.soak = await runSoak(soakMinutes, log);
}
if (only.has('hostile-tenant')) {
  log('hostile-tenant scenario...');
  const hostile = await runHostileTenant({
    baselineSeconds: 10,
    attackSeconds: 60,
    redisMaxMemoryMb: 16,
    victimCallers: 2,
    attacker: HOSTILE_ATTACK,
    log,
  });
  stored.hostile = { ...hostile, measuredAt: new Date().toISOString(), machine };
}
if (only.has('chaos') || only.has('soak')) stored.written = { at: new Date().toISOString(), machine };
if (!stored.chaos || !stored.soak || !stored.written) {
  console.error('report.json holds no chaos or soak results: run without --only first');
  process.exit(2);
}

writeFileSync(new URL('report.json', here), `${JSON.stringify(stored, null, 2)}\n`);
writeFileSync(
  new URL('REPORT.md', here),
  markdown(stored.written, stored.chaos, stored.soak, stored.hostile),
);
log('wrote test/reliability/REPORT.md');

function markdown(
  written: StoredReport['written'],
  chaos: ChaosReport,
  soak: SoakReport,
  hostile: StoredReport['hostile'],
): string {
  const lost = chaos.calls - chaos.answered + chaos.hung;
  const errors = Object.entries(chaos.errorsByCode)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  const resources = (name: string, t: SoakReport['worker']) => {
    const first = t.samples[0];
    const last = t.samples.at(-1);
    return row([
      name,
      first ? first.rssMb.toFixed(1) : '-',
      last ? last.rssMb.toFixed(1) : '-',
      `${t.rssRangeMb[0].toFixed(0)}-${t.rssRangeMb[1].toFixed(0)}`,
      t.rssSlopeMbPerMin.toFixed(3),
      t.rssTroughSlopeMbPerMin.toFixed(3),
      first ? first.fds : '-',
      last ? last.fds : '-',
      t.fdSlopePerMin.toFixed(3),
    ]);
  };
  return `# Reliability report

Regenerate with \`pnpm reliability:report\` (about ${Math.round(soakMinutes + 5)} minutes; \`--only hostile-tenant\` runs one
scenario and keeps the others' stored results). Chaos and soak written ${written.at} on
${written.machine}; the tiny
synthetic model; Redis with AOF (\`appendfsync always\`); every process on loopback. The CI test
(\`test/reliability/chaos.test.ts\`) runs the same scenario smaller and asserts the zeros below.

## Faults under load

Load: ${chaos.options.callers} closed-loop callers of unary Classify (one text, 10 s deadline) spread over two gateways,
plus one batch job of ${chaos.options.batchTexts.toLocaleString('en')} texts, for ${(chaos.durationMs / 1000).toFixed(0)} s.

| | |
| --- | --- |
| calls made | ${chaos.calls} |
| answered with a result | ${chaos.okCalls} |
| answered with an explicit error | ${chaos.answered - chaos.okCalls} (${errors || 'none'}) |
| **requests lost** (no answer, or answered after the deadline) | **${lost}** |
| **wrong answers** (label differs from the in-process runtime; ${chaos.checkedAnswers} checked) | **${chaos.wrongAnswers}** |
| batch job | ${chaos.batch.state}, ${chaos.batch.done}/${chaos.batch.total} done, ${chaos.batch.failed} failed |
| **batch results missing** | **${chaos.batch.missing}** |
| **batch duplicates** | **${chaos.batch.duplicates}** |

| fault | recovery (ms) | calls failed meanwhile |
| --- | --- | --- |
${chaos.faults.map((f) => row([f.fault, f.recoveryMs ?? 'not recovered', f.failedCalls])).join('\n')}

Recovery is the time from the fault until a call started after it succeeded. A SIGKILLed worker's calls in hand are
taken over by the other worker once their lock lapses (2 s here, \`SIEVE_LOCK_DURATION_MS\`); calls to a stopped
gateway fail with UNAVAILABLE (a client retries on another); while Redis was down ${chaos.outage.unavailableCalls} calls
failed with UNAVAILABLE in at most ${chaos.outage.maxFailureMs} ms (other errors: ${JSON.stringify(chaos.outage.otherErrors)}),
health said ${[...new Set(chaos.outage.healthDuringOutage)].join('/')}, and after it came back ${chaos.outage.healthAfter}.

## Soak: ${soak.minutes} minutes of steady load

${soak.calls} calls (${soak.errors} errors), 8 callers, two texts per call. RSS saw-tooths with garbage collection,
so besides the least-squares slope over the second half (after warm-up) the slope of each minute's lowest sample is
given: that is what survives collection, and what a leak would make grow.

| process | RSS first (MB) | RSS last (MB) | RSS range (MB) | RSS slope, 2nd half (MB/min) | slope of per-minute minima (MB/min) | fds first | fds last | fd slope (/min) |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${resources('worker', soak.worker)}
${resources('gateway', soak.gateway)}

## Hostile input

The property-based and raw-socket tests in \`test/security/\` (run by \`pnpm test\`) send malformed frames, oversized
messages, invalid UTF-8, 1 MB single-word texts, zero-width/RTL marks, emoji ZWJ sequences, NUL bytes, the model
card's twelve languages, empty and whitespace texts, absurd options, 100k texts in one call, unread streams and
thousands of streams; each must end in a result or a clear INVALID_ARGUMENT / RESOURCE_EXHAUSTED, with no crash.
${hostile ? hostileSection(hostile) : ''}`;
}

function hostileSection(hostile: NonNullable<StoredReport['hostile']>): string {
  const { options, victim, redis, attacker } = hostile;
  const a = options.attacker;
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  const codes = (byCode: Record<string, number>) =>
    Object.entries(byCode)
      .map(([code, n]) => `${code} ${n}`)
      .join(', ') || 'none';
  const floodOk = attacker.byAttack.flood?.OK ?? 0;
  const floodTexts = floodOk * a.textsPerCall;
  // What the unbounded structures held per entry before the bounds (issue 23's measurements): ~250 B per distinct
  // text in the response cache, ~2 KB per call in the request-id memo.
  const unboundedBytes = floodTexts * 250 + floodOk * 2048;
  const bound = victimTailBoundMs(victim.baseline);
  const line = (name: string, s: HostileReport['victim']['baseline']) =>
    `| ${name} | ${s.calls} | ${s.ok} | ${codes(s.errorsByCode)} | ${s.p50Ms} | ${s.p99Ms} | ${s.maxMs} |`;
  return `
## Hostile tenant

Measured ${hostile.measuredAt} on ${hostile.machine}; the CI test (\`test/reliability/hostile-tenant.test.ts\`) runs the
same scenario for ${15} s and asserts what is in bold. Redis with \`maxmemory ${options.redisMaxMemoryMb}mb\` and
\`noeviction\`, one gateway, one worker, the tiny synthetic model. Tenant B: ${options.victimCallers} closed-loop
callers of unary Classify, one text per call, ${options.baselineSeconds} s alone, then ${options.attackSeconds} s beside
the attack. The attack, from a process of its own (nice ${a.nice ?? 0}): tenant A's ${a.floodCallers} closed-loop
callers sending ${a.textsPerCall} texts never seen before per call with a fresh request_id each; ${a.oversizedSenders}
callers without a key sending ${mb(a.oversizedBytes)} MiB Classify messages of one-byte texts one after another; and
${a.unreadStreams} ClassifyStreams of A's sending ${a.unreadStreamMessages} requests each and never reading an answer.

| tenant B | calls | succeeded | errors | p50 (ms) | p99 (ms) | max (ms) |
| --- | --- | --- | --- | --- | --- | --- |
${line('alone', victim.baseline)}
${line('under attack', victim.underAttack)}

- **B's calls that failed under attack: ${victim.underAttack.calls - victim.underAttack.ok}.**
- **B's p99 under attack: ${victim.underAttack.p99Ms} ms, bound ${bound} ms** (ten times B's own p99 alone in the same
  run, at least 500 ms: on two cores the attacker's process, its refused calls and A's fair share of the worker take
  CPU that B then waits for, and a batch of A's in progress is not preempted; the defects this guards against moved
  B's median from 5 ms to ~2,000 ms).
- **Redis: peak ${mb(redis.peakBytes)} MB of its ${mb(redis.maxMemoryBytes)} MB** (${mb(redis.baselineBytes)} MB before
  the attack; ${redis.keysAtEnd} keys at the end). A's flood was answered for ${floodTexts.toLocaleString('en')} distinct
  texts in ${floodOk.toLocaleString('en')} calls: kept without bounds, as before, its cached answers and request-id
  memo alone would have taken about ${mb(unboundedBytes)} MB.
- **Redis's own error text read by a caller: ${hostile.rawRedisErrors.length === 0 ? 'none' : hostile.rawRedisErrors.join('; ')}.**
- **Gateway health: ${hostile.healthNotServing} of ${hostile.healthChecks} checks during the attack not SERVING.**
${hostile.gatewayCpuSeconds !== undefined ? `- The gateway process used ${hostile.gatewayCpuSeconds} CPU seconds during the ${options.attackSeconds} s attack.\n` : ''}
What the attacker was answered (a caller without a key is refused from its metadata, before its message is read; a
few of its sends can run out their own 10 s deadline while their 16 MiB are still being sent, since the gateway reads
and discards the body of a refused call at its own pace; the unread streams end CANCELLED because the attacker
cancels them when it stops):

| attack | answers |
| --- | --- |
${Object.entries(attacker.byAttack)
  .map(([attack, byCode]) => `| ${attack} | ${codes(byCode)} |`)
  .join('\n')}
`;
}
