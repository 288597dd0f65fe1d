import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WORKER_PROCESS_ENV } from '@sieve/config';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * How a service is started: from the build that images ship (dist/ with plain Node, no loader), which tests and
 * benchmarks run, or from its TypeScript sources through tsx, as in development. Tests run compiled because the
 * suite starts hundreds of services on 2 cores: a gateway took 3.1 s of CPU to start through tsx against 1.7 s
 * compiled. `compiledServicesReady` rebuilds what changed first, so a test never runs a stale dist/.
 */
export type ServiceBuild = 'sources' | 'compiled';

let distRefresh: Promise<void> | undefined;

/** dist/ brought up to date with the sources once per test process (`sieve` does the same at every start). */
export function compiledServicesReady(): Promise<void> {
  distRefresh ??= (async () => {
    const stamps = (await import(pathToFileURL(join(repoRoot, 'scripts', 'dist-stamp.mjs')).href)) as {
      refreshStaleDist(root: string): Promise<void>;
    };
    await stamps.refreshStaleDist(repoRoot);
  })();
  return distRefresh;
}

export function serviceCommand(service: 'gateway' | 'worker', build: ServiceBuild): string[] {
  return build === 'compiled'
    ? ['--conditions=compiled', `services/${service}/dist/main.js`]
    : ['--import', 'tsx', `services/${service}/src/main.ts`];
}

/**
 * A sieve service (gateway or worker) as a real child process, started from its entry point with an environment,
 * as an operator would run it. Its output is kept for assertions and failure messages.
 */
export class ServiceProcess {
  readonly name: string;
  readonly output: string[] = [];
  private readonly child: ChildProcess;
  readonly exited: Promise<number | null>;

  private constructor(name: string, child: ChildProcess) {
    this.name = name;
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => this.output.push(...chunk.split('\n').filter(Boolean)));
    }
  }

  static async start(
    service: 'gateway' | 'worker',
    env: Record<string, string>,
    readyLine: RegExp,
    timeoutMs = 30_000,
    build: ServiceBuild = 'compiled',
  ): Promise<ServiceProcess> {
    if (build === 'compiled') await compiledServicesReady();
    const child = spawn(process.execPath, serviceCommand(service, build), {
      cwd: repoRoot,
      env: {
        // As the worker images and `pnpm start` start it (see WORKER_PROCESS_ENV), with one inference session: the
        // product's `auto` gives the tests' tiny model one per core, and the suite starts hundreds of workers on 2
        // cores: with two sessions a test cluster took 4.3 s to start against 3.7 and a fifth more CPU. The layout
        // `auto` chooses is tested where it matters (test/serving/session-pool asks for it).
        ...(service === 'worker' ? { ...WORKER_PROCESS_ENV, SIEVE_SESSIONS: '1' } : {}),
        ...process.env,
        SIEVE_LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = new ServiceProcess(service, child);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // A service that never became ready must not outlive the test that started it.
        child.kill('SIGKILL');
        reject(new Error(`${service} not ready in ${timeoutMs} ms:\n${proc.output.join('\n')}`));
      }, timeoutMs);
      const check = () => {
        if (proc.output.some((line) => readyLine.test(line))) {
          clearTimeout(timer);
          resolve(proc);
        }
      };
      child.stdout?.on('data', check);
      child.stderr?.on('data', check);
      void proc.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${service} exited with ${code} before it was ready:\n${proc.output.join('\n')}`));
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Sends a signal without waiting (SIGSTOP/SIGCONT freeze and thaw a process to hold work in the queue). */
  signal(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null) this.child.kill(signal);
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill(signal);
    return this.exited;
  }
}
