// A documented command that runs until stopped (`pnpm start`), run as a reader runs it in a second terminal: in a
// process group of its own, ready once its gateway's health reports the documented service SERVING, and stopped the
// way Ctrl-C stops it, SIGINT to the whole group.
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkHealth, healthClient } from '@sieve/api';

export class BackgroundServer {
  private output = '';
  private exited: Promise<number | string>;

  private constructor(
    readonly command: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve(signal ?? code ?? 'unknown')),
    );
  }

  static start(command: string, options: { cwd: string; env: NodeJS.ProcessEnv }): BackgroundServer {
    const child = spawn('bash', ['--noprofile', '--norc', '-c', command], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    return new BackgroundServer(command, child);
  }

  /** What the server printed so far (stdout and stderr together). */
  get log(): string {
    return this.output;
  }

  /** Resolves once `address` reports `service` SERVING; rejects, with the server's output, if it exits or times out. */
  async ready(address: string, service: string, timeoutMs: number): Promise<void> {
    const stub = healthClient(address);
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    let exited: number | string | undefined;
    void this.exited.then((how) => (exited = how));
    try {
      while (Date.now() < deadline) {
        if (exited !== undefined) {
          throw new Error(
            `\`${this.command}\` exited (${exited}) before ${address} served "${service}":\n${this.output}`,
          );
        }
        last = await checkHealth(stub, service);
        if (last === 'SERVING') return;
        await sleep(250);
      }
      throw new Error(
        `\`${this.command}\`: ${address} did not report "${service}" SERVING within ${timeoutMs} ms (last: ${last}):\n${this.output}`,
      );
    } finally {
      stub.close();
    }
  }

  /**
   * Ctrl-C: SIGINT to the process group, then waits until nothing of the group is left (pnpm returns at once while
   * `sieve start` still stops the cluster behind it); SIGKILL if something is still there after `graceMs`.
   * Resolves with how the command ended.
   */
  async stop(graceMs: number): Promise<number | string> {
    const group = -this.child.pid!;
    const signal = (name: NodeJS.Signals | 0) => {
      try {
        process.kill(group, name);
        return true;
      } catch {
        return false; // ESRCH: nothing of the group is left.
      }
    };
    signal('SIGINT');
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && signal(0)) await sleep(100);
    if (signal(0)) {
      signal('SIGKILL');
      return `SIGKILL: still running ${graceMs} ms after SIGINT`;
    }
    return await this.exited;
  }
}
