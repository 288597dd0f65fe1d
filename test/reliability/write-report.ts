// `pnpm reliability:report [--soak-minutes 10] [--phase-seconds 5]`: runs the chaos scenario at a larger scale and a
// soak, then rewrites test/reliability/REPORT.md (and report.json) from what it measured.
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { runChaos, type ChaosReport } from './chaos-run.ts';
import { runSoak, type SoakReport } from './soak-run.ts';

const { values } = parseArgs({
  options: {
    'soak-minutes': { type: 'string', default: '10' },
    'phase-seconds': { type: 'string', default: '5' },
  },
});
const soakMinutes = Number(values['soak-minutes']);
const phaseSeconds = Number(values['phase-seconds']);
const log = (line: string) => console.error(line);

log('chaos scenario...');
const chaos = await runChaos({
  phaseSeconds,
  workerKills: 4,
  redisOutageSeconds: 10,
  callers: 16,
  batchTexts: 100_000,
  log,
});
log(`soak for ${soakMinutes} min...`);
const soak = await runSoak(soakMinutes, log);

const here = new URL('./', import.meta.url);
writeFileSync(new URL('report.json', here), `${JSON.stringify({ chaos, soak }, null, 2)}\n`);
writeFileSync(new URL('REPORT.md', here), markdown(chaos, soak));
log('wrote test/reliability/REPORT.md');

function markdown(chaos: ChaosReport, soak: SoakReport): string {
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

Regenerate with \`pnpm reliability:report\` (about ${Math.round(soakMinutes + 3)} minutes). Written ${new Date().toISOString()} on
${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; the tiny
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
`;
}
