import type { ChildProcess } from 'node:child_process';
import { WorkerRestartPolicy } from './worker-restart-policy.ts';

/** What the worker logs once it serves (services/worker): the line that tells a crash from a failed start. */
const READY_LINE = '"msg":"worker ready"';

export interface SupervisedWorkerOptions {
  /** "worker 2": how the log names it. */
  tag: string;
  /** Starts one process of it, stdout piped (read here for readiness, passed on to ours). */
  spawn: () => ChildProcess;
  policy?: WorkerRestartPolicy;
  say: (line: string) => void;
  /** It never became ready the first time: its configuration is wrong, and restarting cures nothing. */
  onStartFailed: (reason: string) => void;
  /** It crashed too often and is no longer restarted. */
  onGivenUp: () => void;
}

/**
 * One worker slot of `pnpm start`: a process that exits unexpectedly is started again with backoff while the gateway
 * and the other workers keep serving (its queued jobs go to them once their locks lapse), until it crashes too often
 * within a short window; then it is given up on, loudly. Owns its process and its restart timer.
 */
export class SupervisedWorker {
  readonly #options: SupervisedWorkerOptions;
  readonly #policy: WorkerRestartPolicy;
  #child: ChildProcess | undefined;
  #restartTimer: NodeJS.Timeout | undefined;
  #everReady = false;
  #stopping = false;
  #givenUp = false;

  constructor(options: SupervisedWorkerOptions) {
    this.#options = options;
    this.#policy = options.policy ?? new WorkerRestartPolicy();
  }

  /** Running, or about to be restarted: not given up on. */
  get alive(): boolean {
    return !this.#givenUp;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  start(): void {
    const child = this.#options.spawn();
    this.#child = child;
    let tail = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      if (this.#everReady) return;
      // The line may arrive split across chunks: keep the end of the previous one.
      tail = (tail + chunk.toString('utf8')).slice(-4096);
      if (tail.includes(READY_LINE)) {
        this.#everReady = true;
        tail = '';
      }
    });
    child.once('exit', (code, signal) => this.#exited(child, code, signal));
  }

  /** SIGTERM (the worker finishes the jobs it holds), no more restarts; resolves once it has exited. */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#restartTimer);
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  #exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#stopping || child !== this.#child) return;
    const how = signal ?? `exit code ${code}`;
    const { tag, say } = this.#options;
    if (!this.#everReady) {
      this.#givenUp = true;
      this.#options.onStartFailed(`${tag} exited before it was ready (${how}); its log is above`);
      return;
    }
    const decision = this.#policy.crashed(Date.now());
    const { maxCrashes, windowMs } = this.#policy.settings;
    if (decision.restart) {
      say(
        `${tag} exited unexpectedly (${how}); restarting it in ${(decision.delayMs / 1000).toFixed(1)} s ` +
          `(crash ${decision.crashesInWindow} of ${maxCrashes} allowed within ${windowMs / 1000} s); ` +
          'the gateway and the other workers keep serving',
      );
      this.#restartTimer = setTimeout(() => {
        if (this.#stopping) return;
        say(`${tag} restarting`);
        this.start();
      }, decision.delayMs);
      return;
    }
    this.#givenUp = true;
    say(
      `!!! ${tag} crashed ${decision.crashesInWindow} times within ${windowMs / 1000} s (last: ${how}): ` +
        'NOT restarting it again. Read its log above for why; restart pnpm start once it is fixed. !!!',
    );
    this.#options.onGivenUp();
  }
}
