// The `sieve` command as a new user meets it (issue 24): the bin run directly as `pnpm exec sieve` runs it, its
// version, clean stdout (JSON lines and nothing else), a reader that stops early, `classify -` past one call's
// limit, and exit codes that say what went wrong.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyFormat } from '@sieve/tenancy';
import { freePort, SieveCluster, tinyModelDir } from '@sieve/testing';
import { writeTenantsFile } from '../fixtures/tenants-file.ts';

const repoRoot = new URL('../../', import.meta.url).pathname;
// Not test/fixtures/sieve-cli.ts: here the command runs as a user types it, through the shim pnpm installs in
// node_modules/.bin and a shell (pipes, redirections, a reader that stops early).
const bin = join(repoRoot, 'node_modules/.bin/sieve');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A command line through a shell, as a user types it (pipes, redirections). */
function shell(command: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) =>
    execFile(
      'bash',
      ['-c', `set -o pipefail; ${command}`],
      { cwd: repoRoot, env: { ...process.env, ...env }, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

const sieve = (args: string, env: Record<string, string> = {}) => shell(`${bin} ${args}`, env);

describe('the sieve command', { timeout: 300_000 }, () => {
  let cluster: SieveCluster;
  let dir: string;
  let env: Record<string, string>;
  const key = ApiKeyFormat.generate().key;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-command-'));
    const tenants = writeTenantsFile(dir, [{ id: 'acme', key }]).path;
    cluster = await SieveCluster.start({
      modelDir: await tinyModelDir(),
      gatewayEnv: { SIEVE_TENANTS_FILE: tenants },
    });
    env = { SIEVE_ADDRESS: cluster.gateways[0]!.address, SIEVE_API_KEY: key };
  });
  after(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints its version, and its help with the exit codes', async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'packages/cli/package.json'), 'utf8')) as {
      version: string;
    };
    const run = await sieve('--version');
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      new RegExp(`^${version.replaceAll('.', '\\.')}( \\(commit [0-9a-f]{7,}\\))?\\n$`),
    );
    const help = await sieve('--help');
    assert.equal(help.code, 0, help.stderr);
    for (const command of ['classify', 'batch', 'eval', 'heads', 'models', 'tenants', 'keys', 'start']) {
      assert.match(help.stdout, new RegExp(`^  ${command} `, 'm'), `${command} listed`);
    }
    assert.match(help.stdout, /Exit status:[\s\S]*3 {2}the gateway could not be reached/);
    const classifyHelp = await sieve('classify --help');
    assert.match(classifyHelp.stdout.replace(/\s+/g, ' '), /blank \(whitespace-only\) lines skipped/);
  });

  it('classify - answers 600 lines (blank ones skipped) in input order, as JSON lines only', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 600; i++) {
      lines.push(`message number ${i}`);
      if (i % 150 === 0) lines.push('', '   \t');
    }
    const input = join(dir, 'lines.txt');
    writeFileSync(input, `${lines.join('\n')}\n\n`);
    const run = await sieve(`classify --json - < ${input}`, env);
    assert.equal(run.code, 0, run.stderr);
    const answers = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { text: string; labels: Array<{ label: string; score: number }> });
    assert.equal(answers.length, 600, 'one answer per non-blank line, nothing else on stdout');
    answers.forEach((answer, i) => {
      assert.equal(answer.text, `message number ${i}`);
      assert.equal(answer.labels.length, 3);
    });

    // Smaller calls, more of them: the same answers in the same order.
    const small = await sieve(`classify --json --texts-per-call 7 - < ${input}`, env);
    assert.equal(small.code, 0, small.stderr);
    assert.deepEqual(
      small.stdout
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as { text: string }).text),
      answers.map((answer) => answer.text),
    );
  });

  it('exits 0 without a stack trace when its reader stops early (| head -1)', async () => {
    const input = join(dir, 'many.txt');
    writeFileSync(input, Array.from({ length: 3000 }, (_, i) => `text ${i}`).join('\n'));
    const run = await shell(`${bin} classify --json - < ${input} | head -1`, env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.equal(run.stdout.split('\n').length, 2);
    assert.equal((JSON.parse(run.stdout) as { text: string }).text, 'text 0');
  });

  it('batch submit prints the batch id alone on stdout', async () => {
    const input = join(dir, 'batch.txt');
    writeFileSync(input, 'one\n\ntwo\n   \nthree\n\n');
    const run = await sieve(`batch submit ${input} --model tiny --no-progress`, env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^b-[\w-]+\n$/);
    assert.match(run.stderr, /0\/3/, 'the summary, with the three non-blank texts, on stderr');
  });

  it('exit codes: 2 bad flag, 3 unreachable gateway, 4 bad key, 5 not found', async () => {
    const badFlag = await sieve('classify --no-such-flag hello', env);
    assert.equal(badFlag.code, 2, badFlag.stderr);
    assert.match(badFlag.stderr, /unknown option '--no-such-flag'/);
    assert.equal(badFlag.stdout, '');
    const badValue = await sieve('classify --texts-per-call 0 - < /dev/null', env);
    assert.equal(badValue.code, 2, badValue.stderr);

    const unreachable = await sieve(`classify --address 127.0.0.1:${await freePort()} hello`, env);
    assert.equal(unreachable.code, 3, unreachable.stderr);
    assert.match(unreachable.stderr, /no gateway answers at/);
    assert.doesNotMatch(unreachable.stderr, /\n\s+at /, 'no stack trace');

    const badKey = await sieve('classify --model tiny hello', {
      ...env,
      SIEVE_API_KEY: ApiKeyFormat.generate().key,
    });
    assert.equal(badKey.code, 4, badKey.stderr);
    assert.match(badKey.stderr, /UNAUTHENTICATED/);
    assert.equal(badKey.stdout, '');

    const notFound = await sieve('batch status b-doesnotexist0000', env);
    assert.equal(notFound.code, 5, notFound.stderr);
  });
});
