import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('./fixtures/allocating-service.ts', import.meta.url));
const stuckFixture = fileURLToPath(new URL('./fixtures/stuck-stop-service.ts', import.meta.url));
const slowStartFixture = fileURLToPath(new URL('./fixtures/slow-start-service.ts', import.meta.url));

/** Runs `script`, sends SIGTERM once its output includes `cue`, and returns its exit code and output. */
async function terminateOnCue(script: string, cue: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let sent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (!sent && output.includes(cue)) {
      sent = true;
      child.kill('SIGTERM');
    }
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

/** Milliseconds V8's helper threads spent in each young-generation collection of the fixture's work under `env`. */
function helperScavengeMs(env: Record<string, string>): number[] {
  const run = spawnSync(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout
    .split('\n')
    .filter((line) => /\bgc=s\b/.test(line))
    .map((line) => Number(/background\.scavenge\.parallel=([\d.]+)/.exec(line)?.[1] ?? Number.NaN));
}

describe('runService', () => {
  it('collects young garbage on the service thread only by default (SIEVE_PARALLEL_GC=false)', (t) => {
    const helpers = helperScavengeMs({});
    assert.ok(helpers.length > 0, 'no young-generation collection traced');
    t.diagnostic(`helper ms per scavenge: ${helpers.join(', ')}`);
    assert.ok(
      helpers.every((ms) => ms === 0),
      `helper threads took part: ${helpers.join(', ')}`,
    );
  });

  it("keeps V8's parallel collection with SIEVE_PARALLEL_GC=true", (t) => {
    const helpers = helperScavengeMs({ SIEVE_PARALLEL_GC: 'true' });
    t.diagnostic(`helper ms per scavenge: ${helpers.join(', ')}`);
    assert.ok(
      helpers.some((ms) => ms > 0),
      'no scavenge used a helper thread',
    );
  });

  it('leaves with exit 1 and says why when a stop outlasts its bound (stopWithinMs)', async () => {
    const { code, output } = await terminateOnCue(stuckFixture, 'started');
    assert.equal(code, 1, output);
    assert.match(output, /stopping: finishing work in hand/);
    assert.match(output, /did not stop within 300 ms/);
  });

  it('stops after start, exit 0, when SIGTERM lands while the service is starting', async () => {
    const { code, output } = await terminateOnCue(slowStartFixture, 'starting');
    assert.equal(code, 0, output);
    assert.match(output, /stopping: finishing work in hand/);
    // The stop waits for start: the service is never stopped half-started.
    assert.match(output, /started\nstopped\n$/);
  });
});
