import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { CliError } from './cli-error.ts';

/** How long Redis may take to answer PING: loading a large append-only file takes a while. */
const READY_WITHIN_MS = 60_000;
const LOCK_FILE = 'sieve-start.pid';

/**
 * The redis-server `pnpm start` runs when no REDIS_URL is given: persistent, so that a restart of it keeps tenants,
 * keys, heads, batches and usage. Append-only file with fsync every second (at most a second of writes lost if the
 * machine itself goes down; none when only the process dies) in `<dataDir>/redis`, owner-only, with its log there.
 * One `pnpm start` per data directory: two Redis servers writing one append-only file would corrupt it.
 */
export class PrivateRedis {
  private stopping = false;

  private constructor(
    readonly url: string,
    readonly dir: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(dataDir: string): Promise<PrivateRedis> {
    const dir = join(dataDir, 'redis');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    claim(dir);
    const port = await freePort();
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--logfile',
        'redis.log',
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--save',
        '',
        // Redis's default, said here because sieve refuses any other (evicted keys are lost jobs and tenants).
        '--maxmemory-policy',
        'noeviction',
      ],
      // Its own process group, as for the services: a Ctrl-C in the terminal reaches `sieve start` only, which stops
      // the cluster in order, Redis last.
      { stdio: 'ignore', detached: true },
    );
    const redis = new PrivateRedis(`redis://127.0.0.1:${port}`, dir, child);
    try {
      await redis.ready(port);
    } catch (error) {
      await redis.stop();
      throw error;
    }
    return redis;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Called once if Redis exits before `stop` (the cluster cannot run without it). */
  onUnexpectedExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void {
    this.child.once('exit', (code, signal) => {
      if (!this.stopping) listener(code, signal);
    });
  }

  /** SIGTERM: Redis writes what its append-only file still lacks, then exits; the data directory stays. */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    release(this.dir);
  }

  private async ready(port: number): Promise<void> {
    const spawnFailed = new Promise<Error>((resolve) => this.child.once('error', resolve));
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    const until = Date.now() + READY_WITHIN_MS;
    for (;;) {
      const outcome = await Promise.race([
        spawnFailed.then((error) => ({ failed: error })),
        exited.then(() => ({ exited: true as const })),
        ping(port).then((answer) => ({ answer })),
      ]);
      if ('failed' in outcome)
        throw new CliError(
          'no REDIS_URL set and redis-server is not on the PATH: install Redis (apt-get install redis-server) or set REDIS_URL',
        );
      if ('exited' in outcome)
        throw new CliError(
          `the private redis-server exited at start; its log (${this.dir}/redis.log):\n${logTail(this.dir)}`,
        );
      if (outcome.answer === 'PONG') return;
      if (Date.now() > until)
        throw new CliError(
          `the private redis-server did not answer within ${READY_WITHIN_MS / 1000} s (${outcome.answer})`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Takes the data directory for this process, refusing one that a live `sieve start` holds. */
function claim(dir: string): void {
  const lock = join(dir, LOCK_FILE);
  if (existsSync(lock)) {
    const holder = Number(readFileSync(lock, 'utf8').trim());
    if (Number.isSafeInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
      throw new CliError(
        `the data directory ${dir} is in use by another sieve start (pid ${holder}): stop it, or pass --data-dir to run a second cluster`,
      );
    }
  }
  writeFileSync(lock, `${process.pid}\n`, { mode: 0o600 });
}

function release(dir: string): void {
  const lock = join(dir, LOCK_FILE);
  try {
    if (Number(readFileSync(lock, 'utf8').trim()) === process.pid) rmSync(lock, { force: true });
  } catch {
    // Already gone: nothing to release.
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Redis's answer to PING over a fresh connection: PONG, LOADING while it reads its file, or why there is none. */
function ping(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const done = (answer: string) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(2000, () => done('no answer'));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG') ? 'PONG' : reply.trim());
    });
    socket.once('error', (error) => done(error.message));
  });
}

function logTail(dir: string): string {
  try {
    return readFileSync(join(dir, 'redis.log'), 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolvePort(address.port)
          : reject(new Error('no free port')),
      );
    });
  });
}
